"""The site's template builtins: its name (the error pages render without a request)
and its times."""

from datetime import UTC, datetime

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The default name is in the catalogue (gettext_noop in the settings); another is not."""
    return gettext(settings.SITE_NAME)


@register.filter(expects_localtime=True)
def time_element(value: datetime) -> SafeString:
    """A time in full with its zone ("UTC"), true for as long as a page is kept; site.js
    says "3 days ago". ``datetime`` in UTC to the second, as every Date.parse reads it.
    A filter: it is on every comment and row, and an include cost three times as much."""
    full = f"{date_format(value, 'DATETIME_FORMAT')} {date_format(value, 'T')}"
    moment = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return format_html('<time datetime="{}" title="{}" data-ago>{}</time>', moment, full, full)
