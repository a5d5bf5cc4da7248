"""Counting what one client does in a period, in Django's cache.

The counters live in the default cache, so every process that shares it (Redis
in production) shares the limits. When the cache itself fails, the limit is not
applied: a broken cache must not stop people from posting or signing in.
"""

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

logger = logging.getLogger(__name__)

UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """``count`` events allowed in ``period`` seconds."""

    count: int
    period: int

    @classmethod
    def parse(cls, value: str, setting: str) -> "Rate":
        """Read "5/m", "10/15m", "100/h"; a clear error names the setting otherwise."""
        match = RATE_PATTERN.match(value)
        if not match or int(match[1]) < 1 or match[2] == "0":
            raise ImproperlyConfigured(
                f"{setting} is {value!r}, which is not a rate; use a count, a slash and "
                'a period such as "5/m" (five a minute) or "10/15m" (ten in fifteen minutes).'
            )
        return cls(int(match[1]), int(match[2] or 1) * UNIT_SECONDS[match[3]])


def client_address(request: HttpRequest) -> str:
    """The address of the client, as far as the trusted proxies vouch for it.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with ``TRUSTED_PROXY_COUNT`` proxies the client is that
    many entries from the right; anything further left was sent by the client
    and cannot be believed.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
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
