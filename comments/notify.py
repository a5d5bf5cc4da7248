"""Mail to moderators when a comment waits for approval (``COMMENTS_NOTIFY_MODERATORS``)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Comment


def comment_waits(request: HttpRequest, comment: Comment) -> None:
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return
    moderators = (
        get_user_model()
        .objects.with_perm(
            "comments.moderate_comment",
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    recipients = sorted(set(moderators))
    if not recipients:
        return
    context = {
        "comment": comment,
        "queue_url": request.build_absolute_uri(reverse("comments:pending")),
    }
    subject = _("A comment on “%(name)s” waits for approval") % {"name": comment.entity.name}
    body = render_to_string("comments/email/waiting_message.txt", context)
    # One message each: moderators do not see one another's addresses.
    send_mass_mail((subject, body, None, [address]) for address in recipients)
