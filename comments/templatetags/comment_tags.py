"""Lets the entity page show the comment form without the entities app importing it."""

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

from entities.models import Entity

from ..forms import CommentForm, comment_form_class
from ..models import Comment

register = template.Library()


@register.inclusion_tag("comments/comment_form.html", takes_context=True)
def comment_form(
    context: template.Context,
    entity: Entity,
    form: CommentForm | None = None,
    message: str = "",
) -> dict:
    """The comment form for ``entity``: ``form`` when it came back with errors, else a
    new one, without name and email for a signed-in person. Anonymous visitors get a
    sign-in link instead when ``COMMENTS_ALLOW_ANONYMOUS`` is off. ``message`` goes
    above it: what htmx shows once a comment was posted in place.

    Django hands the page's CSRF token on to the included template by itself; a
    rendering shared by every anonymous visitor (``project.pagecache``) has none, and
    says where the browser finds the visitor's own.
    """
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    return {
        "entity": entity,
        "user": user,
        "allowed": signed_in or settings.COMMENTS_ALLOW_ANONYMOUS,
        "form": form or (comment_form_class(user)() if signed_in else CommentForm()),
        "request": context.get("request"),
        "message": message,
        "shared_rendering": context.get("shared_rendering", False),
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "csrf_url": reverse("csrf_cookie"),
    }


@register.filter
def changeable_by(comment: Comment, user: Any) -> bool:
    """``{% if comment|changeable_by:user %}``: its writer may still edit or delete it."""
    return comment.can_be_changed_by(user)
