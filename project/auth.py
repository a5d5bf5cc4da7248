"""Sign-in for the site and the admin, paused after repeated failures.

Failures are counted per user name and client address in the cache
(``LOGIN_FAILURE_LIMIT``); once the limit is reached, every attempt for that name
from that address is refused without checking the password until the period
ends, and the page says so plainly.
"""

from http import HTTPStatus
from math import ceil

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.utils.translation import ngettext

from project.ratelimit import RateLimit, client_address

login_failures = RateLimit("login-failure", "LOGIN_FAILURE_LIMIT")


class ThrottledSignInMixin:
    """For ``AuthenticationForm`` subclasses: refuses sign-in after too many failures."""

    def failure_key(self) -> tuple[str, str]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request is not None else ""
        return address, username.casefold()

    def paused_error(self) -> ValidationError:
        minutes = ceil(login_failures.rate.period / 60)
        return ValidationError(
            ngettext(
                "Too many failed attempts to sign in to this account. For your "
                "security, signing in is paused for %(minutes)d minute; please try "
                "again later.",
                "Too many failed attempts to sign in to this account. For your "
                "security, signing in is paused for %(minutes)d minutes; please try "
                "again later.",
                minutes,
            )
            % {"minutes": minutes},
            code="paused",
        )

    def clean(self) -> dict:
        key = self.failure_key()
        if login_failures.exceeded(*key):
            raise self.paused_error()
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and not login_failures.hit(*key):
                raise self.paused_error() from error
            raise
        login_failures.reset(*key)
        return cleaned_data


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in form, under the same limit as the site's."""


class SignInView(LoginView):
    """Django's sign-in view with ``SignInForm``; status 429 while paused."""

    form_class = SignInForm

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="paused"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response
