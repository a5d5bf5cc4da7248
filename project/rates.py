"""The client address the comment limit counts, as allauth's limits count it: its
limiter is private API, and no kept package limits a view."""

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client as allauth's limits count it (an IPv6 client by its network)."""
    address = ipaddress.ip_address(get_adapter().get_client_ip(request))
    if isinstance(address, ipaddress.IPv6Address):
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        address = ipaddress.ip_network((address, prefix), strict=False).network_address
    return str(address)
