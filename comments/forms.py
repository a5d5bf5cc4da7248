"""The comment forms: for a signed-in person, and for anyone else."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class AccountCommentForm(forms.ModelForm):
    """The comment form for a signed-in person: their account gives the name."""

    # The field only robots fill in; none here, as robots do not sign in.
    TRAP_FIELD: str | None = None

    class Meta:
        model = Comment
        fields = ["content"]
        labels = {"content": _("Comment")}
        help_texts = {"content": _("Up to 5,000 characters.")}
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def is_from_robot(self) -> bool:
        """True when the trap field was filled in (call after ``is_valid``)."""
        return bool(self.TRAP_FIELD and self.cleaned_data.get(self.TRAP_FIELD))

    def visible_fields_for_people(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name != self.TRAP_FIELD]

    @property
    def trap(self) -> forms.BoundField | None:
        return self[self.TRAP_FIELD] if self.TRAP_FIELD else None


class CommentForm(AccountCommentForm):
    """Name, email and comment, plus a trap field that only robots fill in.

    People never see the trap (``comments/comment_form.html`` hides it from
    eyes, keyboards and screen readers); robots that fill every field do.
    """

    TRAP_FIELD = "website"

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


def comment_form_class(user: Any) -> type[CommentForm | AccountCommentForm]:
    """The form for ``user``: without name and email when they are signed in."""
    return AccountCommentForm if user.is_authenticated else CommentForm
