"""The site's name: SITE_NAME as given, or the default name in the reader's language.

A template builtin (TEMPLATES' "builtins") rather than a context processor: the 500,
400, 429 and 503 pages render without a request, so no context processor reaches them.
"""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The default name is in the catalogue (gettext_noop in the settings); another is not."""
    return gettext(settings.SITE_NAME)
