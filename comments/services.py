"""Posting and moderating comments: the functions the site's views and the admin both call."""

from typing import cast

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entities.models import Entity
from project.rates import client_address

from .models import Comment, CommentQuerySet

# What each moderation does, as the moderator is told and as the admin's history says.
MODERATED = {
    "hide": gettext_lazy("The comment is hidden from visitors."),
    "publish": gettext_lazy("The comment is shown to visitors."),
}


def post_comment(comment: Comment, entity: Entity, request: HttpRequest) -> Comment:
    """Save the new ``comment`` on ``entity``, by the person making ``request``."""
    user = request.user
    comment.entity = entity
    comment.ip_address = client_address(request)
    if user.is_authenticated:
        comment.user = user
        comment.name = user.display_name[: Comment._meta.get_field("name").max_length]
    comment.status = Comment.status_for_new(user)
    comment.save()
    if not comment.is_visible and settings.COMMENTS_NOTIFY_MODERATORS:
        mail_moderators(request, comment)
    return comment


def mail_moderators(request: HttpRequest, comment: Comment) -> None:
    """Tell the moderators with an address that ``comment`` waits for approval."""
    moderators = (
        get_user_model()
        .objects.with_perm(
            "comments.moderate_comment", backend="django.contrib.auth.backends.ModelBackend"
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    context = {
        "comment": comment,
        "queue_url": request.build_absolute_uri(reverse("comments:pending")),
    }
    subject = _("A comment on “%(name)s” waits for approval") % {"name": comment.entity.name}
    subject = get_adapter(request).format_email_subject(subject)  # "[site] " as on every mail
    body = render_to_string("comments/email/waiting_message.txt", context)
    # One message each: moderators do not see one another's addresses.
    send_mass_mail((subject, body, None, [address]) for address in moderators)


def moderate(request: HttpRequest, comments: CommentQuerySet, action: str) -> int:
    """Hide or publish ``comments``, each change in the admin's history; how many changed."""
    status = Comment.Status.HIDDEN if action == "hide" else Comment.Status.PUBLISHED
    changing = list(comments.exclude(status=status).order_by())
    changed: int = getattr(Comment.objects.filter(pk__in=[c.pk for c in changing]), action)()
    if changing:
        user_id = cast(int, request.user.pk)  # moderators are signed in
        LogEntry.objects.log_actions(user_id, changing, CHANGE, str(MODERATED[action]))
    return changed
