"""Sign-in for the site and the admin, paused after repeated attempts.

Every attempt is counted before its password is checked, three ways
(``project.ratelimit``, in the database):

- one user name from one address (``LOGIN_FAILURE_LIMIT``): someone guessing one
  password;
- one address, whatever the user names (``LOGIN_ADDRESS_FAILURE_LIMIT``): one
  client trying many accounts; it also bounds the password hashing (about as
  costly as a page, even for a user name that does not exist) one client can
  make the site do;
- one user name, whatever the addresses (``LOGIN_ACCOUNT_FAILURE_LIMIT``):
  guessing one account from many machines.

The count comes first and the decision is made on it, so concurrent guesses
cannot all pass a check before any of them is counted. An attempt over any
limit is refused without checking its password until that period ends, and the
page says so plainly with status 429, on the site and in the admin. A successful
sign-in takes its attempt back and forgets the failures of its name and address.

Why not django-axes: it checks the lockout before authenticating and records a
failure after the password was hashed, so concurrent guesses are all hashed
before the first is counted.
"""

from http import HTTPStatus
from math import ceil
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from project.ratelimit import RateLimit, client_address

login_failures = RateLimit("login-failure", "LOGIN_FAILURE_LIMIT")
address_failures = RateLimit("login-address", "LOGIN_ADDRESS_FAILURE_LIMIT")
account_failures = RateLimit("login-account", "LOGIN_ACCOUNT_FAILURE_LIMIT")


def account_paused_error(minutes: int) -> ValidationError:
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


def address_paused_error(minutes: int) -> ValidationError:
    return ValidationError(
        ngettext(
            "Too many failed attempts to sign in from your network. For the "
            "security of every account, signing in from it is paused for "
            "%(minutes)d minute; please try again later.",
            "Too many failed attempts to sign in from your network. For the "
            "security of every account, signing in from it is paused for "
            "%(minutes)d minutes; please try again later.",
            minutes,
        )
        % {"minutes": minutes},
        code="paused",
    )


if TYPE_CHECKING:
    # What the mixin is mixed into, for the checker only: at run time it is a plain class.
    _SignInFormBase = AuthenticationForm
else:
    _SignInFormBase = object


class ThrottledSignInMixin(_SignInFormBase):
    """For ``AuthenticationForm`` subclasses: counts each attempt, then refuses
    the ones over a limit without checking their password."""

    def counters(self) -> list[tuple[RateLimit, tuple[str, ...]]]:
        username = (self.cleaned_data.get("username") or "").casefold()
        address = client_address(self.request) if self.request is not None else ""
        return [
            (login_failures, (address, username)),
            (address_failures, (address,)),
            (account_failures, (username,)),
        ]

    def clean(self) -> dict[str, Any]:
        counters = self.counters()
        # Every counter counts the attempt, even past the first one over, in one
        # transaction: each upsert keeps its row locked until the commit, so
        # concurrent attempts pass the counters in the same order and no two of
        # them refuse each other (one over one limit, the other over another).
        with transaction.atomic():
            counts = [limit.count(*parts) for limit, parts in counters]
        for (limit, _parts), count in zip(counters, counts, strict=True):
            if count > limit.rate.count and not self.has_error(NON_FIELD_ERRORS):
                minutes = ceil(limit.rate.period / 60)
                error = address_paused_error if limit is address_failures else account_paused_error
                self.add_error(None, error(minutes))
        if self.has_error(NON_FIELD_ERRORS, code="paused"):
            return self.cleaned_data
        cleaned_data = super().clean()  # raises for a wrong password
        # Signed in: the attempt was no failure.
        for limit, parts in counters:
            if limit is login_failures:
                limit.reset(*parts)
            else:
                limit.undo(*parts)
        return cleaned_data


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """The site's sign-in form."""


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in form, under the same limits as the site's."""


def paused_status(response: HttpResponse) -> HttpResponse:
    """Status 429 for a sign-in page that says signing in is paused."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.has_error(NON_FIELD_ERRORS, code="paused"):
        response.status_code = HTTPStatus.TOO_MANY_REQUESTS
    return response


class SignInView(LoginView):
    """Django's sign-in view with ``SignInForm``; status 429 while paused."""

    form_class = SignInForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return paused_status(super().form_invalid(form))


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in view (``AdminSignInForm``), with status 429 while paused."""
    return paused_status(admin.site.login(request))
