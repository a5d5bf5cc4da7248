"""Site-wide views that belong to no app."""

import logging
from http import HTTPStatus

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers.

    It touches no database, so it is also the framework's own ceiling in benchmarks.
    """
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: this instance can serve pages, as the database answers.

    200 or 503 with ``{"status": …, "checks": {"database": …, "cache": …}}``; a
    load balancer sends no traffic to an instance while it answers 503. Only the
    database decides: the cache is an optimisation, so a cache that fails is
    reported as ``"degraded"`` (pages are served uncached) with status 200.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    ready = checks["database"] == "ok"
    status = ("ok" if checks["cache"] == "ok" else "degraded") if ready else "unavailable"
    return JsonResponse(
        {"status": status, "checks": checks},
        status=HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE,
    )


def database_status() -> str:
    """``"ok"`` when the default database runs a query, ``"unavailable"`` otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Readiness: the database is unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def cache_status() -> str:
    """``"ok"`` when the default cache stores and returns a value, ``"degraded"``
    when it does not (``project.cache`` turns Redis errors into misses)."""
    key = f"readyz:{get_random_string(12)}"
    try:
        cache.set(key, "1", timeout=10)
        stored = cache.get(key) == "1"
        cache.delete(key)
    # Each cache backend raises its own errors (redis-py's, for one); any of
    # them means the same thing here.
    except Exception:
        logger.warning("Readiness: the cache is unavailable", exc_info=True)
        return "degraded"
    return "ok" if stored else "degraded"
