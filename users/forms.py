from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupDetailsForm(forms.Form):
    """The name allauth's sign-up asks besides address and password, with the model's rules."""

    name = User._meta.get_field("name").formfield(
        label=_("Your name"),
        help_text=_("Shown with your comments."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class NameForm(forms.ModelForm):
    """The name on the account page: the sign-up form's field, saved on the account."""

    name = SignupDetailsForm.base_fields["name"]

    class Meta:
        model = User
        fields = ["name"]
