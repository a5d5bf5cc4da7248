"""The site's name as a template builtin: the error pages render without a request."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The default name is in the catalogue (gettext_noop in the settings); another is not."""
    return gettext(settings.SITE_NAME)
