import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string

from project.tags import site_name

# The signed cookie of a browser that signed in before, and how long it is trusted.
KNOWN_BROWSER = "signed_in_before"
KNOWN_BROWSER_SECONDS = 365 * 24 * 3600


def login_digest(login: str) -> str:
    """What the cookie keeps of the login typed: not the address itself."""
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


class AccountAdapter(DefaultAccountAdapter):
    """allauth's, with the failed sign-in limit per account apart for browsers that signed
    in before: others' failures never pause the owner (no allauth setting does this)."""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        key = super()._get_login_attempts_cache_key(request, **credentials)
        login = credentials.get("email", credentials.get("username", ""))
        known = request.get_signed_cookie(
            KNOWN_BROWSER, default="", salt=KNOWN_BROWSER, max_age=KNOWN_BROWSER_SECONDS
        )
        return f"{key}:{KNOWN_BROWSER}" if known and known == login_digest(login) else key

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        login = request.POST.get("login") or request.POST.get("email")
        if login:
            response.set_signed_cookie(
                KNOWN_BROWSER,
                login_digest(login),
                salt=KNOWN_BROWSER,
                max_age=KNOWN_BROWSER_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def format_email_subject(self, subject: str) -> str:
        # allauth's "[site] " prefix, with the site's name where allauth puts the host's.
        return f"[{site_name()}] {subject}"

    def get_login_stages(self) -> list[str]:
        stage = "allauth.account.stages.EmailVerificationStage"
        return [
            "users.adapters.ConfirmedAddressStage" if path == stage else path
            for path in super().get_login_stages()
        ]


class ConfirmedAddressStage(EmailVerificationStage):
    """allauth's check of a confirmed address, for accounts that gave allauth one:
    staff made with ``createsuperuser`` have none to confirm (no setting says so)."""

    def handle(self) -> tuple[HttpResponse | None, bool]:
        user = self.login.user
        if user is None:
            # A sign-up with a taken address: hash as for a new one, so time tells nothing.
            make_password(get_random_string(20))
        elif not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()
