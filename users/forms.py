"""The forms of the account pages that differ from allauth's and Django's own."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from project.auth import SignInForm

from .models import User


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides the address and the password
    (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("name").max_length,
        help_text=_("Shown with your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class EmailSignInForm(SignInForm):
    """The site's sign-in form (its failure limit included) for an address or a
    user name; an address not confirmed yet gets a new link instead of a session."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address or user name")
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        from allauth.account.models import EmailAddress

        addresses = EmailAddress.objects.filter(user=user)
        if addresses.exists() and not addresses.filter(verified=True).exists():
            # allauth's own flow: it keeps to its resend cooldown.
            from allauth.account.internal.flows.email_verification import (
                send_verification_email_for_user,
            )

            if self.request is not None:
                send_verification_email_for_user(self.request, user)
            raise ValidationError(
                _(
                    "Please confirm your email address first: we have sent you a "
                    "message with a link. Open it, then sign in."
                ),
                code="unconfirmed",
            )
