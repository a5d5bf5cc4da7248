"""allauth's authentication backend, for sign-in by email address."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class EmailAuthenticationBackend(AuthenticationBackend):
    """Signs in by email address; text that cannot be an address (longer than
    the 254 characters an address may have) is refused before any query."""

    MAX_EMAIL_LENGTH = 254

    def authenticate(
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        for name in ("username", "email"):
            value = credentials.get(name)
            if value and len(value) > self.MAX_EMAIL_LENGTH:
                return None
        return super().authenticate(request, **credentials)
