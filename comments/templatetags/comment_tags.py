"""Lets the entity page show the comment form without the entities app importing it."""

from django import template
from django.conf import settings

from entities.models import Entity

from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/comment_form.html", takes_context=True)
def comment_form(
    context: template.Context, entity: Entity, form: CommentForm | None = None
) -> dict:
    """The comment form for ``entity``: ``form`` when it came back with errors, else a new one."""
    return {
        "entity": entity,
        "form": form or CommentForm(),
        "request": context.get("request"),
        "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
    }
