"""Forms for creating and editing entities."""

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Entity


class SearchForm(forms.Form):
    """The search box: refuses NUL, over-long queries, and those without a 3-character word."""

    q = forms.CharField(label=_("Search entities"), required=False, max_length=200)

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if query and not re.search(r"[^\W_]{3}", query):
            message = _("Type at least three letters or digits in a row to search.")
            raise forms.ValidationError(message, code="too_short")
        return query


class EntityForm(forms.ModelForm):
    """Name and text; the name's rules and uniqueness come from the model, as in the admin."""

    class Meta:
        model = Entity
        fields = ["name", "content"]
        help_texts = {
            "name": format_lazy(
                _(
                    "Up to {limit} characters, unique. The page address is made from it once "
                    "and stays the same after a rename."
                ),
                limit=Entity._meta.get_field("name").max_length,
            ),
            "content": format_lazy(
                _("Optional. Plain text; line breaks are kept. Up to {limit} characters."),
                limit=Entity._meta.get_field("content").max_length,
            ),
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}
