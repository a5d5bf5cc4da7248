"""The comment forms: for a signed-in person, and for anyone else."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Comment


class AccountCommentForm(forms.ModelForm):
    """The comment form for a signed-in person: their account gives the name."""

    class Meta:
        model = Comment
        fields = ["content"]
        labels = {"content": _("Comment")}
        help_texts = {
            "content": format_lazy(_("Up to {limit} characters."), limit=Comment.MAX_LENGTH)
        }
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}


class CommentForm(AccountCommentForm):
    """Name, email and comment, plus ``website``, a trap hidden from people that robots fill."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta(AccountCommentForm.Meta):
        fields = ["name", "email", "content"]
        labels = {"name": _("Your name"), "email": _("Email"), **AccountCommentForm.Meta.labels}
        help_texts = {
            "email": _("Optional. Never shown on the site."),
            **AccountCommentForm.Meta.help_texts,
        }
