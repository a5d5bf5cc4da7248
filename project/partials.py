"""Parts of pages for htmx: where JavaScript runs, a page updates one region in place.

htmx sends ``HX-Request: true`` with the requests it makes. A view with a part of its
page to offer (``partial_template_name``) answers those with that part alone, and every
other request with the whole page. Both come from the same address, so every response
of such a view says ``Vary: HX-Request, HX-History-Restore-Request``: browsers and shared
caches keep the two apart, and a part is never served as a page, nor a page as a part.
The page cache keys them apart as well (``project.pagecache`` puts the template's name
in its key, which also gives the part its own ETag); nginx's micro-cache has the headers
in its key (``deploy/nginx/entities-proxy.conf``).

A request htmx makes to restore a page from history asks for the whole page, even when
it says ``HX-Request`` too.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

# The request headers that choose between the page and its part.
VARY_ON = ("HX-Request", "HX-History-Restore-Request")


def wants_partial(request: HttpRequest) -> bool:
    """True for a request htmx made to replace part of a page it shows."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


class PartialTemplateMixin:
    """For template views: htmx's requests get ``partial_template_name``, others the page."""

    partial_template_name: str
    request: HttpRequest

    def get_template_names(self) -> list[str]:
        if wants_partial(self.request):
            return [self.partial_template_name]
        return super().get_template_names()  # type: ignore[misc]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        patch_vary_headers(response, VARY_ON)
        return response
