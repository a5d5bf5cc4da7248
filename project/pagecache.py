"""The speed layer: rendered pages kept under keys made of what they show.

Standard techniques, in one place:

- **Key-based expiry** ("Russian doll" caching). A view names the objects its
  page shows (``page_cache_parts``): an entity's primary key and ``version``,
  the rows of a list page. Those go into the cache key with the language and
  the page's canonical address, so a write changes the key of exactly the
  pages that show what it changed; old entries are never asked for again and
  expire after ``PAGE_CACHE_SECONDS``. Nothing is ever deleted, and no row is
  written by every write.
- **HTTP validators and shared caches.** A page served to an anonymous visitor
  carries an ``ETag`` made of the same key, so Django's
  ``ConditionalGetMiddleware`` answers a repeated visit with 304, and
  ``Cache-Control: public, s-maxage=HTTP_CACHE_SECONDS`` lets nginx (or a CDN)
  keep it for a few seconds. A page for a signed-in visitor, or with a flash
  message, is never cached by anyone (``add_never_cache_headers``).
- **One rendering at a time** (stale-while-revalidate). When a page's key
  changes, one request renders it (a lock taken with ``cache.add``); the others
  get the page's previous rendering for the moment that takes.
- **Pages and their parts.** The template's name is in the key, so the part of a
  page that htmx asks for (``project.partials``) is stored, and has an ETag, of its
  own: a part is never served as the page, nor the page as a part.
- **No CSRF token in a kept page.** A rendering for anonymous visitors is the
  same for all of them, so it holds no token: the comment form takes the
  visitor's own from the CSRF cookie when it is sent (``static/js/site.js``, as
  Django's documentation does for AJAX). A rendering that used a token anyway
  (``get_token``) is neither kept nor shared.

Why own code: Django's ``cache_page`` keys on the full URL and on time only, so
unknown query parameters would create entries and a comment would wait for the
timeout; no well-kept package caches by object versions.
"""

import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language

# Seconds one request may take to render a page before another may render it too.
RENDERING_SECONDS = 10


def is_anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD without a signed-in user or a flash message waiting."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        # len() loads the stored messages without marking them as shown.
        and not len(messages.get_messages(request))
    )


def page_key(request: HttpRequest, path: str, parts: Any) -> str:
    """The cache key of the page at canonical ``path`` showing ``parts``.

    The address is made absolute with the request's scheme and host: the page's
    canonical and hreflang links are, so a rendering for one host name (or for
    http) is never served to a visitor of another.
    """
    raw = repr((get_language(), request.build_absolute_uri(str(path)), parts)).encode()
    return f"page:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"


class CachedPageMixin:
    """For template views: anonymous visitors get the page from the cache.

    The view defines ``page_cache_parts(context)``, which returns what the page
    shows (something with a stable ``repr``), or None when the page must not be
    stored, and ``canonical_path``, the one address of the page. A view whose
    parts are cheap guesses until the page is built (the page number asked for,
    which may be past the end) defines ``settle_page(context)`` to build it.
    """

    request: HttpRequest

    if TYPE_CHECKING:
        # Only read here: a view sets it, or computes it with a property.
        @property
        def canonical_path(self) -> str: ...

    def page_cache_parts(self, context: dict[str, Any]) -> Any:
        raise NotImplementedError

    def settle_page(self, context: dict[str, Any]) -> None:
        """Make ``page_cache_parts`` say what the page really shows; by default it does."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        # Rendered for every anonymous visitor: forms leave the CSRF token to the
        # browser (templates/comments/comment_form.html).
        context["shared_rendering"] = is_anonymous_read(self.request)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        request = self.request
        if not is_anonymous_read(request):
            response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
            add_never_cache_headers(response)
            return response
        timeout = settings.PAGE_CACHE_SECONDS
        key = self.page_cache_key(context)
        content = caches["pages"].get(key) if key and timeout else None
        if content is None and key:
            # The key again once what the page shows is settled, as the rendering
            # would settle it: ?page=99 and ?page=999 past the end are the last
            # page's entry, not a rendering each, and entries exist only for real
            # pages. Real pages were found by the first, cheaper key.
            self.settle_page(context)
            settled = self.page_cache_key(context)
            if settled != key:
                key = settled
                content = caches["pages"].get(key) if key and timeout else None
        if content is not None:
            return self.serve(HttpResponse(content), key)
        if key and timeout:
            previous = self.previous_rendering(key)
            if previous is not None:
                return self.serve(HttpResponse(previous[1]), previous[0])
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]

        def store_and_serve(response: TemplateResponse) -> HttpResponse:
            if token_used(request):
                add_never_cache_headers(response)
                return response
            # Never from a HEAD, whose rendering is not sent.
            if key and timeout and response.status_code == 200 and request.method == "GET":
                caches["pages"].set_many({key: response.content, self.latest_key(): key}, timeout)
                caches["pages"].delete(f"rendering:{key}")
            return self.serve(response, key)

        response.add_post_render_callback(store_and_serve)
        return response

    def latest_key(self) -> str:
        """Where the key of this address's newest rendering (by this template) is kept."""
        path, template = self.canonical_path, self.rendering_template()
        return "latest:" + page_key(self.request, path, template).removeprefix("page:")

    def previous_rendering(self, key: str) -> tuple[str, bytes] | None:
        """None when this request is the one to render ``key``; else the page's
        previous rendering (and its key), to serve while another request renders.

        Without this, every reader of a popular page that asks between a comment
        and the first new rendering renders it too (a "dogpile"). The lock is
        ``cache.add``, which only one caller wins; it expires by itself should
        the rendering fail. A page with no rendering yet takes no lock.
        """
        if self.request.method != "GET":
            return None
        previous_key = caches["pages"].get(self.latest_key())
        if previous_key is None or caches["pages"].add(f"rendering:{key}", True, RENDERING_SECONDS):
            return None
        content = caches["pages"].get(previous_key)
        return None if content is None else (previous_key, content)

    def page_cache_key(self, context: dict[str, Any]) -> str | None:
        parts = self.page_cache_parts(context)
        if parts is None:
            return None
        return page_key(self.request, self.canonical_path, (self.rendering_template(), parts))

    def rendering_template(self) -> str:
        """The template that renders this response: the whole page, or a part of it
        for htmx (``project.partials``), kept, validated and served apart."""
        return self.get_template_names()[0]  # type: ignore[attr-defined]

    def serve(self, response: HttpResponse, key: str | None) -> HttpResponse:
        """Say who may keep the page, and how it is validated.

        Without a key (a page Django does not keep, such as a search), the ETag
        is left to ``ConditionalGetMiddleware``, which hashes the content.
        """
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.HTTP_CACHE_SECONDS)
        if key is not None:
            response["ETag"] = f'"{key.removeprefix("page:")}"'
        return response


def token_used(request: HttpRequest) -> bool:
    """Whether the rendering holds this visitor's CSRF token: ``get_token`` was called.

    Django's CSRF middleware then sends the cookie again, so the flag it reads is the
    one to trust.
    """
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
