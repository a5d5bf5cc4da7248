"""What the sign-up form asks besides allauth's own fields."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from entities.names import clean_name

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

    def clean_name(self) -> str:
        # The rule of every name people see (entities.names); the model field that
        # carries it for users will make this method go.
        return clean_name(self.cleaned_data["name"])

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
