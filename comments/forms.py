"""The comment form shown under every entity."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "email", "content"]
        labels = {"name": _("Your name"), "email": _("Email"), "content": _("Comment")}
        help_texts = {
            "email": _("Optional. Never shown on the site."),
            "content": _("Up to 5,000 characters."),
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}
