"""Django's Redis cache, made optional: when Redis cannot be reached the site
goes on without it.

Pages are cached to be fast, not to be right, so a cache that fails must cost a
page its speed and nothing else. ``DegradingRedisCache`` is Django's own
``RedisCache`` with one change: a Redis error counts as a miss (``get`` returns
the default, ``set`` stores nothing) instead of a 500. A short circuit breaker
keeps a dead Redis from costing a connection attempt (up to
``socket_connect_timeout``) on every request: after a failure no request of this
process talks to Redis for ``retry_seconds``; then one request tries again, and
the cache is back as soon as that one succeeds. Each failed try logs one
warning, so a long outage writes one line per interval, not one per request.

Why not a package: django-redis's ``IGNORE_EXCEPTIONS`` also turns errors into
misses, but it tries Redis again on every call (every request pays the connect
timeout while Redis is unreachable) and logs each ignored error, or none; and it
would replace Django's backend, redis-py client and pool settings with its own
for the sake of this one behaviour. The subclass keeps Django's backend and adds
about forty lines.

The abuse limits do not use this cache at all (``project.ratelimit``), so they
hold while Redis is away.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds without Redis after a failure, unless OPTIONS says otherwise.
DEFAULT_RETRY_SECONDS = 5.0


class CircuitBreaker:
    """Open for ``retry_seconds`` after a failure; shared by the threads of a process."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self.open_until = 0.0
        self.lock = threading.Lock()

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def failed(self, location: str, error: Exception) -> None:
        with self.lock:
            already_open = not self.allows()
            self.open_until = time.monotonic() + self.retry_seconds
        if not already_open:
            logger.warning(
                "Cache unavailable (%s: %s): serving pages uncached, next try in %g s",
                location,
                error,
                self.retry_seconds,
            )

    def succeeded(self, location: str) -> None:
        if self.open_until:  # the first success after a failure
            self.open_until = 0.0
            logger.warning("Cache available again (%s)", location)


# One breaker per Redis location: Django makes a cache object per thread.
_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, retry_seconds: float) -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(location, CircuitBreaker(retry_seconds))


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one ``redis.Redis`` per connection pool.

    Django's ``get_client`` builds a new ``redis.Redis`` for every operation,
    which costs about 100 µs here (its table of reply parsers), more than the
    GET it is built for. The object is thread-safe and holds no connection of
    its own (the pool does), so one per pool serves every call.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Both are Django's own, private and so not in django-stubs.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class DegradingRedisCache(RedisCache):
    """``RedisCache`` whose failures are misses, behind a circuit breaker.

    ``OPTIONS["retry_seconds"]`` sets how long a failure keeps Redis out (5 s);
    the other options go to redis-py as usual.
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = float(options.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self.location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(self.location, retry_seconds)

    @property
    def available(self) -> bool:
        """False while the breaker keeps Redis out."""
        return self.breaker.allows()

    def _call(self, fallback: Any, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self.breaker.allows():
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            self.breaker.failed(self.location, error)
            return fallback
        self.breaker.succeeded(self.location)
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(default, super().get, key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call(False, super().delete, key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call(False, super().has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        result = self._call(None, super().incr, key, delta, version)
        if result is None:
            # What Django's API says of a key it does not have.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._call(None, super().delete_many, keys, version)

    def clear(self) -> Any:
        return self._call(False, super().clear)
