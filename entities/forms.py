"""Forms for creating and editing entities."""

from django import forms
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .models import Entity


class EntityForm(forms.ModelForm):
    """Name and text; the slug follows from the name."""

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
        # The same folding as the unique constraint, so its index answers.
        clash = (
            Entity.objects.alias(folded=Lower("name"))
            .filter(folded=Lower(Value(name)))
            .exclude(pk=self.instance.pk)
        )
        if clash.exists():
            raise forms.ValidationError(
                _("An entity with this name already exists."), code="unique"
            )
        return name
