"""Lets the entity page show the comment form without the entities app importing it."""

from django import template

from entities.models import Entity

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/comment_form.html")
def comment_form(entity: Entity, form: CommentForm | None = None) -> dict:
    """The comment form for ``entity``: ``form`` when it came back with errors, else a new one.

    Django hands the page's CSRF token on to the included template by itself.
    """
    return {"entity": entity, "form": form or CommentForm()}
