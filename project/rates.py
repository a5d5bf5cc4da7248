"""Rates such as "5/m", checked, and the client address the comment limit counts: allauth's
limiter is private API, and no kept package limits a view."""

import ipaddress
import re
from typing import Any

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.checks import Error, register
from django.http import HttpRequest

UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# allauth's syntax, without what is counted: base.py adds it.
RATE_PATTERN = re.compile(r"^([1-9]\d*)/([1-9]\d*)?([smhd])$")


def parse_rate(value: str) -> tuple[int, int] | None:
    """Read "10/15m" as (10, 900), a count and seconds; None for what allauth cannot read."""
    match = RATE_PATTERN.match(value)
    if not match:
        return None
    return int(match[1]), int(match[2] or 1) * UNIT_SECONDS[match[3]]


# The settings base.py reads from the environment; ACCOUNT_RATE_LIMITS is made of them.
RATE_SETTINGS = [
    "COMMENT_RATE_LIMIT",
    "LOGIN_ADDRESS_FAILURE_LIMIT",
    "LOGIN_ACCOUNT_FAILURE_LIMIT",
    "SIGNUP_RATE_LIMIT",
    "PASSWORD_RESET_RATE_LIMIT",
]


@register()
def check_rates(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """One sentence per mistyped rate, naming its setting, before the site serves."""
    return [
        Error(
            f"{name} is {getattr(settings, name)!r}, which is not a rate; use a count, a "
            'slash and a period such as "5/m" (five a minute) or "10/15m" (ten in fifteen '
            "minutes).",
            id="project.E001",
        )
        for name in RATE_SETTINGS
        if parse_rate(getattr(settings, name)) is None
    ]


def client_address(request: HttpRequest) -> str:
    """The client as allauth's limits count it (an IPv6 client by its network)."""
    address = ipaddress.ip_address(get_adapter().get_client_ip(request))
    if isinstance(address, ipaddress.IPv6Address):
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        address = ipaddress.ip_network((address, prefix), strict=False).network_address
    return str(address)
