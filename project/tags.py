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
    """A time in full, true for as long as the page is kept, with its zone said (TIME_ZONE's
    abbreviation, "UTC" by default): one page serves every reader, wherever they are.
    static/js/site.js turns the text into "3 days ago"; the title keeps it in full.
    ``datetime`` is in UTC to the second ("2026-12-01T08:44:40Z"), the form every
    browser's Date.parse reads (HTML allows at most three digits of fraction). A filter,
    not a template: each comment and each row of a list has one, and an include costs
    three times as much."""
    full = f"{date_format(value, 'DATETIME_FORMAT')} {date_format(value, 'T')}"
    moment = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return format_html('<time datetime="{}" title="{}" data-ago>{}</time>', moment, full, full)
