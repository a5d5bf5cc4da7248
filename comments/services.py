"""Posting a comment: the one function the comment form (with or without htmx) and
the admin's add page call."""

from django.http import HttpRequest

from entities.models import Entity
from project.rates import client_address

from . import notify
from .models import Comment


def post_comment(comment: Comment, entity: Entity, request: HttpRequest) -> Comment:
    """Save the new ``comment`` (from a form, not saved yet) on ``entity``, written by
    the person making ``request``, from its client address.

    Signed in, it is theirs and shown under their account's name. Its status is
    what moderation gives a new comment from them; one that waits is announced
    to the moderators. ``Comment.save()`` moves the entity's count and version in
    the same transaction, which makes its cached pages stale.
    """
    user = request.user
    comment.entity = entity
    comment.ip_address = client_address(request)
    if user.is_authenticated:
        comment.user = user
        comment.name = user.display_name[: Comment._meta.get_field("name").max_length]
    comment.status = Comment.status_for_new(user)
    comment.save()
    if not comment.is_visible:
        notify.comment_waits(request, comment)
    return comment
