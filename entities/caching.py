"""Caching what is the same for every visitor, and knowing when it is stale.

Every cache key here carries the counters of ``ContentVersion`` (read once per
request, one primary-key query). A write moves them forward in the same
transaction, so stale entries are simply never asked for again and expire on
their own. The keys also carry the active language.

``settings.PAGE_CACHE_SECONDS`` is how long pages and fragments are kept (0:
not at all). Whole pages are cached for anonymous visitors only; fragments
that hold nothing personal (the entity list, an entity's comment list, the
empty comment form) for everyone, from the templates' ``{% cache %}`` tags.
Never cached: a whole page for a signed-in visitor, a page that shows a flash
message, a response that is not a plain 200, and a CSRF token.
"""

from collections.abc import Callable
from dataclasses import dataclass
from hashlib import md5
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .models import ContentVersion, Entity

# Seconds a count or another derived figure is kept for a given version.
FIGURE_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Versions:
    entities: int = 0
    content: int = 0
    entity_count: int = 0


FIELDS = ("entities", "content", "entity_count")


def current_versions(request: HttpRequest | None = None) -> Versions:
    """The counters, read at most once per request."""
    if request is not None and hasattr(request, "_content_versions"):
        return request._content_versions
    row = _read_version_row()
    versions = Versions(*row) if row else Versions(*_version_row().values())
    if request is not None:
        request._content_versions = versions
    return versions


def _read_version_row() -> tuple[int, int, int] | None:
    # On every request, so plain SQL: building it with the ORM each time costs
    # more than running it.
    meta = ContentVersion._meta
    columns = ", ".join(meta.get_field(field).column for field in FIELDS)
    connection = connections[ContentVersion.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} WHERE id = %s", [1]
        )
        return cursor.fetchone()


def with_versions(queryset: QuerySet) -> QuerySet:
    """``queryset`` with the versions as extra columns: one query instead of two
    on pages that read a single row anyway (see ``remember_versions``)."""
    meta = ContentVersion._meta
    # Raw subqueries: the same SQL as Subquery(), at a fraction of the cost of
    # building it on every request.
    return queryset.annotate(
        **{
            f"_version_{field}": RawSQL(
                f"SELECT {meta.get_field(field).column} FROM {meta.db_table} WHERE id = %s",
                [1],
                output_field=meta.get_field(field),
            )
            for field in FIELDS
        }
    )


def remember_versions(request: HttpRequest, obj: Any) -> None:
    """Take the versions read by ``with_versions`` as this request's."""
    values = [getattr(obj, f"_version_{field}", None) for field in FIELDS]
    if None not in values:
        request._content_versions = Versions(*values)


def _version_row() -> dict[str, int]:
    # The migration creates the row; this is for a database emptied since.
    row, _ = ContentVersion.objects.get_or_create(
        pk=1, defaults={"entity_count": Entity.objects.count()}
    )
    return {field: getattr(row, field) for field in FIELDS}


def bump_versions(*, entities_added: int | None = None) -> None:
    """Make every cached page stale.

    ``entities_added`` (negative for deletions, 0 for "recount") says the list
    of entities changed: it also moves the ``entities`` version and the count.
    Called inside the writer's transaction, so readers see the new data and the
    new versions together.
    """
    changes = {"content": F("content") + 1}
    if entities_added is not None:
        changes["entities"] = F("entities") + 1
        changes["entity_count"] = F("entity_count") + entities_added
    if not ContentVersion.objects.filter(pk=1).update(**changes):
        _version_row()  # counted now, with the change already in
        changes.pop("entity_count", None)
        ContentVersion.objects.filter(pk=1).update(**changes)


def recount_entities() -> None:
    """After writes that sent no signals (``bulk_create``, SQL): count again."""
    changed = ContentVersion.objects.filter(pk=1).update(
        entity_count=Entity.objects.count(), content=F("content") + 1, entities=F("entities") + 1
    )
    if not changed:
        _version_row()


def versioned_key(prefix: str, versions: Versions, *parts: Any) -> str:
    """A cache key for ``prefix`` at these versions, in the active language."""
    raw = ":".join(str(part) for part in parts)
    digest = md5(raw.encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}:{versions.entities}.{versions.content}:{get_language()}:{digest}"


def figure_key(prefix: str, version: int, *parts: Any) -> str:
    """A cache key for a figure (a count, anchors) that no language changes."""
    raw = ":".join(str(part) for part in parts)
    digest = md5(raw.encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}:{version}:{digest}"


def cached_figure(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under ``key`` (which must carry a version)."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FIGURE_TIMEOUT)
    return value


def is_cacheable_request(request: HttpRequest) -> bool:
    """Anonymous GET without a flash message waiting to be shown."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # len() loads the stored messages without marking them as shown.
        and not len(messages.get_messages(request))
    )


class AnonymousPageCacheMixin:
    """Serve the rendered page from the cache to anonymous visitors.

    For pages without a CSRF token or anything personal: the key is the full
    path (with the query string), the language and the content versions.
    """

    page_cache_prefix = "page"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            return super().get(request, *args, **kwargs)
        key = versioned_key(
            self.page_cache_prefix, current_versions(request), request.get_full_path()
        )
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = super().get(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if (
            response.status_code == 200
            # Rendering may have added a message or used a CSRF token after all.
            and not len(messages.get_messages(request))
            # Set whenever a CSRF token was rendered.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            content = (response.content, response["Content-Type"])
            cache.set(key, content, settings.PAGE_CACHE_SECONDS)
        return response
