"""The speed layer: rendered pages kept under keys made of what they show.

- **Key-based expiry.** A view names what its page shows (``page_cache_parts``:
  an entity's slug and generation, the rows of a list page); with the
  language, the canonical address and the template (a page, or the htmx part
  of it) that is the key. A write changes the key of exactly the pages showing
  what it changed; no rendering is deleted, old ones expire. A view reads what
  only rendering needs in ``render_page``.
- **Signed-in readers.** A signed-in reader with no permissions gets the
  anonymous rendering from the cache with their own navigation bar
  (``base.html#site_nav``) put in place of the anonymous one, unless it carries
  their ``writer_mark`` (a comment of theirs they may still change); anyone else
  gets the page rendered whole.
- **HTTP.** Anonymous pages carry an ``ETag`` made of the key (304 from
  ``ConditionalGetMiddleware``) and ``s-maxage`` for nginx or a CDN; pages for a
  signed-in visitor or with a flash message are never kept by anyone. No kept
  page holds a CSRF token: the comment form is a page of its own, kept here with
  a stand-in (``token_stand_in``) for each visitor's token.

Why own code: Django's ``cache_page`` keys on the full URL and on time only, so
unknown query parameters would create entries and a comment would wait for the
timeout; no well-kept package caches by object versions.
"""

import hashlib
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import get_language

VARY_ON = ("HX-Request", "HX-History-Restore-Request")
# Around the navigation bar in base.html: the part of a shared page that is a reader's own.
NAV_START, NAV_END = b"<!--site-nav-->", b"<!--/site-nav-->"


def wants_part(request: HttpRequest) -> bool:
    """True for a request htmx made to replace part of a page; a request to restore
    a page from history asks for the whole page, even when it says ``HX-Request``."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def is_plain_read(request: HttpRequest) -> bool:
    """A GET or HEAD without a flash message waiting."""
    # len() loads the stored messages without marking them as shown.
    return request.method in ("GET", "HEAD") and not len(messages.get_messages(request))


def writer_mark(user_id: object) -> str:
    """What a kept page says of a part only its writer sees differently (a comment they
    may still change): keyed by the secret, so it names nobody to other readers."""
    return salted_hmac("pagecache.writer_mark", str(user_id)).hexdigest()[:20]


def token_stand_in() -> str:
    """What a kept form holds in place of the CSRF token until it is served: keyed by
    the secret, so no text typed into the site can be it."""
    return salted_hmac("pagecache.token_stand_in", "").hexdigest()


def page_key(request: HttpRequest, path: str, parts: Any) -> str:
    """The cache key of the page at canonical ``path`` showing ``parts``: with the
    request's scheme and host, as the page's links have them."""
    raw = repr((get_language(), request.build_absolute_uri(str(path)), parts)).encode()
    return f"page:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"


def kept_response(
    request: HttpRequest, key: str | None, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The rendering kept under ``key``, else ``render()``'s, kept when it is a GET's
    200 (a HEAD's rendering is not sent); nothing is kept without PAGE_CACHE_SECONDS."""
    key = key if settings.PAGE_CACHE_SECONDS else None
    content = caches["pages"].get(key) if key else None
    if content is not None:
        return HttpResponse(content)
    response = render()
    if isinstance(response, TemplateResponse):
        response.render()
    if key and response.status_code == HTTPStatus.OK and request.method == "GET":
        caches["pages"].set(key, response.content, settings.PAGE_CACHE_SECONDS)
    return response


class CachedPageMixin:
    """For template views: anonymous visitors get the page from the cache, htmx the
    template's ``{% partialdef %}`` named ``part_name``. The view defines
    ``canonical_path`` and ``page_cache_parts(context)``: what the page shows (with a
    stable ``repr``), or None for a page not to be kept."""

    request: HttpRequest
    part_name: str

    if TYPE_CHECKING:
        # Only read here: a view sets it, or computes it with a property.
        @property
        def canonical_path(self) -> str: ...

    def page_cache_parts(self, context: dict[str, Any]) -> Any:
        raise NotImplementedError

    def get_template_names(self) -> list[str]:
        names: list[str] = super().get_template_names()  # type: ignore[misc]
        return [f"{names[0]}#{self.part_name}"] if wants_part(self.request) else names

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The part alone brings what the page around it would say (its title, the
        # language switcher's address).
        return super().get_context_data(is_part=wants_part(self.request), **kwargs)  # type: ignore[misc]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        if is_plain_read(self.request) and not self.request.user.is_authenticated:
            response = self.cached_response(context, **kwargs)
        else:
            response = self.own_response(context, **kwargs)
            add_never_cache_headers(response)
        patch_vary_headers(response, VARY_ON)
        return response

    def own_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """For a signed-in reader, or with a flash message: the kept page with the reader's
        own navigation bar where nothing else of it is theirs, else the page rendered whole."""
        user = self.request.user
        if user.is_authenticated and is_plain_read(self.request) and not user.get_all_permissions():
            anonymous = AnonymousUser()
            shared = self.cached_response(
                {**context, "user": anonymous, "perms": PermWrapper(anonymous)}
            )
            if shared.status_code != HTTPStatus.OK:  # a redirect to the last page
                return shared
            if writer_mark(user.pk).encode() not in shared.content:
                return HttpResponse(self.with_own_navigation(shared.content))
        return self.render_page(context, **kwargs)

    def render_page(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """The page rendered, when it is not kept: a view may read what only that needs."""
        return super().render_to_response(context, **kwargs)  # type: ignore[misc]

    def with_own_navigation(self, content: bytes) -> bytes:
        """The page with the reader's own navigation bar in place of the anonymous one."""
        head, found, rest = content.partition(NAV_START)
        if not found:  # a part of a page, without the navigation bar
            return content
        own = render_to_string("base.html#site_nav", request=self.request)
        return head + own.encode() + rest.partition(NAV_END)[2]

    def cached_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        # Without the page cache (development), the ETag is the content's hash
        # (ConditionalGetMiddleware): an edited template changes it, a key would not.
        parts = self.page_cache_parts(context) if settings.PAGE_CACHE_SECONDS else None
        name = self.get_template_names()[0]
        key = None if parts is None else page_key(self.request, self.canonical_path, (name, parts))
        response = kept_response(self.request, key, lambda: self.render_page(context, **kwargs))
        return self.serve(response, key) if response.status_code == HTTPStatus.OK else response

    def serve(self, response: HttpResponse, key: str | None) -> HttpResponse:
        """Say who may keep the page; without a key (a search), the ETag is the
        content's hash (``ConditionalGetMiddleware``)."""
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.HTTP_CACHE_SECONDS)
        if key is not None:
            response["ETag"] = f'"{key.removeprefix("page:")}"'
        return response


class PrivatePagesMiddleware(MiddlewareMixin):
    """A page that says nothing of caching but carries a form's CSRF token or was
    made for a signed-in person is kept by nobody (Django's ``never_cache``
    headers): Django and allauth mark no such page themselves."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.has_header("Cache-Control") and (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.user.is_authenticated
        ):
            add_never_cache_headers(response)
        return response
