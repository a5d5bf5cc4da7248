"""Forms for creating and editing entities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Entity


class SearchForm(forms.Form):
    """The search box of the entity list. Invalid input shows an error, never a crash:
    NUL characters (which PostgreSQL cannot take) and over-long queries are refused."""

    MAX_LENGTH = 200

    q = forms.CharField(label=_("Search entities"), required=False, max_length=MAX_LENGTH)


class EntityForm(forms.ModelForm):
    """Name and text; the slug follows from the name."""

    duplicate_name_message = _("An entity with this name already exists.")

    class Meta:
        model = Entity
        fields = ["name", "content"]
        help_texts = {
            "name": _("Up to 200 characters, unique. The page address is made from it."),
            "content": _("Optional. Plain text; line breaks are kept."),
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if self.name_is_taken(name):
            raise forms.ValidationError(self.duplicate_name_message, code="unique")
        return name

    def name_is_taken(self, name: str) -> bool:
        """True when another entity has ``name`` in the unique constraint's sense."""
        return Entity.objects.with_name(name).exclude(pk=self.instance.pk).exists()
