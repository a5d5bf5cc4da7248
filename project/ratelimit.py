"""Counting what one client does in a period, in the database.

The counters live in their own table (``project.models.RateCounter``), not in a
cache: pages fill the cache and would evict them, a cache that is local memory
counts per process, and Redis is optional and may be away. The database is the
one store every process of every environment shares and always has; without it
the site answers 503 anyway. Each ``hit`` is one statement, ``INSERT … ON
CONFLICT DO UPDATE … RETURNING``, that counts and reads the new count
atomically: the event is counted first and the decision made on the count, so
concurrent requests cannot all pass a check before any of them is counted.

Why not a package: django-ratelimit counts in a Django cache and needs one with
atomic increments (Redis or Memcached; its documentation says the database cache
has none), which brings back the optional Redis and the eviction by pages.
django-axes, for sign-in, checks the lockout before the password is hashed and
records the failure afterwards (``user_login_failed``), so concurrent guesses
are all checked before the first is counted.
"""

import hashlib
import ipaddress
import random
import time

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F
from django.http import HttpRequest

from project.models import RateCounter
from project.rates import Rate

# The share of hits that also delete the counters whose window is over.
CULL_PROBABILITY = 0.01


def normalised_address(address: str) -> str:
    """One client, one text: the address as the limits count it.

    A port a proxy appended (``203.0.113.7:4711``, ``[2001:db8::1]:443``) and an
    IPv6 zone are dropped, every textual form of an address comes out the same
    (``2001:DB8:0::1`` is ``2001:db8::1``, ``::ffff:203.0.113.7`` is
    ``203.0.113.7``), and IPv6 clients are counted by network
    (``RATE_LIMIT_IPV6_PREFIX``, /64 by default: what one subscriber is given).
    Anything that is not an address is counted as it came.
    """
    text = address.strip()
    host = text
    if text.startswith("[") and "]" in text:
        host = text[1 : text.index("]")]
    elif text.count(":") == 1:
        host = text.partition(":")[0]
    host = host.partition("%")[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return text
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        network = ipaddress.ip_network((ip, settings.RATE_LIMIT_IPV6_PREFIX), strict=False)
        return str(network)
    return str(ip)


def client_address(request: HttpRequest) -> str:
    """The address of the client, as far as the trusted proxies vouch for it,
    normalised for counting (``normalised_address``).

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with ``TRUSTED_PROXY_COUNT`` proxies the client is that
    many entries from the right; anything further left was sent by the client
    and cannot be believed.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return normalised_address(address)


class RateLimit:
    """A fixed-window counter per key in the database.

    ``hit`` counts and decides, ``count`` counts and returns the count,
    ``exceeded`` only looks, ``undo`` takes one event back, ``reset`` forgets.
    """

    def __init__(self, scope: str, setting: str) -> None:
        self.scope = scope
        self.setting = setting

    @property
    def rate(self) -> Rate:
        # Read on use, so tests and settings overrides take effect at once.
        return Rate.parse(getattr(settings, self.setting), self.setting)

    def key(self, *parts: str) -> str:
        # Hashed: what people type may be long or hold any character at all.
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        return f"{self.scope}:{digest}"

    def hit(self, *parts: str) -> bool:
        """Count one event; True while the count is within the limit."""
        return self.count(*parts) <= self.rate.count

    def count(self, *parts: str) -> int:
        """Count one event and return how many the window holds now, this one included."""
        now = int(time.time())
        expires = now + self.rate.period
        connection = connections[router.db_for_write(RateCounter)]
        table = connection.ops.quote_name(RateCounter._meta.db_table)
        # The old row's values on the right of SET (standard SQL): an expired
        # window starts again at 1.
        upsert = (
            f"INSERT INTO {table} (key, count, expires) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN {table}.expires <= %s THEN 1 ELSE {table}.count + 1 END, "
            f"expires = CASE WHEN {table}.expires <= %s THEN excluded.expires "
            f"ELSE {table}.expires END "
            f"RETURNING count"
        )
        with connection.cursor() as cursor:
            cursor.execute(upsert, [self.key(*parts), expires, now, now])
            (count,) = cursor.fetchone()
        # Chance, not security: which hit sweeps the expired rows. After the
        # caller's transaction, so the sweep never waits on (or for) its locks.
        if random.random() < CULL_PROBABILITY:  # noqa: S311
            transaction.on_commit(
                lambda: RateCounter.objects.filter(expires__lte=now).delete(),
                using=connection.alias,
            )
        return count

    def exceeded(self, *parts: str) -> bool:
        """True when the limit has been reached in the current window."""
        count = (
            RateCounter.objects.filter(key=self.key(*parts), expires__gt=int(time.time()))
            .values_list("count", flat=True)
            .first()
        )
        return (count or 0) >= self.rate.count

    def undo(self, *parts: str) -> None:
        """Take back one counted event (one that turned out not to count)."""
        RateCounter.objects.filter(key=self.key(*parts), count__gt=0).update(count=F("count") - 1)

    def reset(self, *parts: str) -> None:
        RateCounter.objects.filter(key=self.key(*parts)).delete()
