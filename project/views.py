"""Site-wide views that belong to no app."""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django_htmx.http import reselect, reswap, retarget

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (no database: the ceiling in benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 503 without the database; ``"degraded"`` without the cache."""
    checks = {"database": database_status(), "cache": cache_status()}
    ready = checks["database"] == "ok"
    status = ("ok" if checks["cache"] == "ok" else "degraded") if ready else "unavailable"
    return JsonResponse(
        {"status": status, "checks": checks},
        status=HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE,
    )


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Readiness: the database is unavailable", exc_info=True)
        return "unavailable"
    return "ok"


def cache_status() -> str:
    # django-redis's IGNORE_EXCEPTIONS turns Redis errors into misses: write, read back.
    key = f"readyz:{get_random_string(12)}"
    try:
        caches["pages"].set(key, "1", timeout=10)
        stored = caches["pages"].get(key) == "1"
        caches["pages"].delete(key)
    except Exception:  # each cache backend raises its own
        logger.warning("Readiness: the cache is unavailable", exc_info=True)
        return "degraded"
    return "ok" if stored else "degraded"


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Where crawlers may not go (the admin only at its usual address), and the sitemap."""
    any_slug = "any-entity"

    def any_entity(name: str) -> str:
        return reverse(name, kwargs={"slug": any_slug}).replace(any_slug, "*")

    disallowed = [
        reverse("account_login").rsplit("/", 2)[0] + "/",  # every account page
        reverse("entities:create"),
        any_entity("entities:update"),
        any_entity("entities:delete"),
        reverse("set_language"),
        any_entity("comments:create"),
        reverse("comments:pending"),
        reverse("users:account"),
    ]
    if settings.ADMIN_URL == "admin/":
        disallowed.append(reverse("admin:index"))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """nginx's 429 page, rendered without the request: a refusal reads no session."""
    response = HttpResponse(render_to_string("429.html"), status=HTTPStatus.TOO_MANY_REQUESTS)
    return reselect(retarget(reswap(response, "outerHTML"), "main"), "main")
