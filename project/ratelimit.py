"""Counting what one client does in a period, in Django's cache.

The counters live in the default cache, so every process that shares it (Redis
in production) shares the limits. When the cache itself fails, the limit is not
applied: a broken cache must not stop people from posting or signing in.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from project.rates import Rate

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The address of the client, as far as the trusted proxies vouch for it.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with ``TRUSTED_PROXY_COUNT`` proxies the client is that
    many entries from the right; anything further left was sent by the client
    and cannot be believed.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class RateLimit:
    """A fixed-window counter per key: ``hit`` counts, ``exceeded`` only looks."""

    def __init__(self, scope: str, setting: str) -> None:
        self.scope = scope
        self.setting = setting

    @property
    def rate(self) -> Rate:
        # Read on use, so tests and settings overrides take effect at once.
        return Rate.parse(getattr(settings, self.setting), self.setting)

    def cache_key(self, *parts: str) -> str:
        # Hashed: what people type may be long or hold characters no cache accepts.
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        return f"ratelimit:{self.scope}:{digest}"

    def hit(self, *parts: str) -> bool:
        """Count one event; True while the count is within the limit."""
        rate, key = self.rate, self.cache_key(*parts)
        try:
            if cache.add(key, 1, timeout=rate.period):
                return rate.count >= 1
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr: a new window
                cache.add(key, 1, timeout=rate.period)
                count = 1
        except Exception:
            logger.exception("Rate limit %s not applied: the cache failed", self.scope)
            return True
        return count <= rate.count

    def exceeded(self, *parts: str) -> bool:
        """True when the limit has been reached in the current window."""
        try:
            count = cache.get(self.cache_key(*parts), 0)
        except Exception:
            logger.exception("Rate limit %s not applied: the cache failed", self.scope)
            return False
        return count >= self.rate.count

    def reset(self, *parts: str) -> None:
        try:
            cache.delete(self.cache_key(*parts))
        except Exception:
            logger.exception("Rate limit %s not reset: the cache failed", self.scope)
