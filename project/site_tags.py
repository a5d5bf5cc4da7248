"""Template tags every page uses, loaded with ``{% load site %}`` (see TEMPLATES in settings).

Here rather than in an app: the page head is wiring shared by every app.
"""

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """``path`` as an absolute URL on this site, with the request's scheme and host.

    Canonical links, hreflang alternates and feed links must be absolute. The
    page cache keys renderings by this same absolute address, so a rendering
    never carries another host's links.
    """
    request: HttpRequest | None = context.get("request")
    path = str(path)  # a lazy canonical_path (the entity page builds it late)
    return request.build_absolute_uri(path) if request is not None else path
