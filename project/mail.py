"""Mail goes out in a background task, retried, so a slow mail server never holds a request."""

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Waits before the second, third… attempt; the last one repeats.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30)]


class TaskEmailBackend(BaseEmailBackend):
    """Sends by enqueueing (as JSON parts, no attachments): no package joins Django's mail
    to django-tasks (checked)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            try:
                send_email.enqueue(
                    {
                        "subject": str(message.subject),
                        "body": str(message.body),
                        "from_email": message.from_email,
                        "to": list(message.to),
                        "cc": list(message.cc),
                        "bcc": list(message.bcc),
                        "reply_to": list(message.reply_to),
                        "headers": {
                            name: str(value) for name, value in message.extra_headers.items()
                        },
                        "alternatives": [
                            [str(content), mimetype]
                            for content, mimetype in getattr(message, "alternatives", [])
                        ],
                    }
                )
            except Exception:
                if not self.fail_silently:
                    raise
                logger.warning("Mail %r not queued", str(message.subject), exc_info=True)
        return len(email_messages)


@task()
def send_email(message: dict, attempt: int = 1) -> None:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message.get("to"),
        cc=message.get("cc"),
        bcc=message.get("bcc"),
        reply_to=message.get("reply_to") or None,
        headers=message.get("headers"),
        alternatives=[tuple(part) for part in message.get("alternatives", [])],
        connection=get_connection(settings.EMAIL_SENDING_BACKEND),
    )
    try:
        email.send()
    except Exception:
        can_wait = send_email.get_backend().supports_defer
        if can_wait and attempt < settings.EMAIL_SEND_ATTEMPTS:
            delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
            logger.warning(
                "Mail %r not sent (attempt %d of %d); trying again in %s",
                message["subject"],
                attempt,
                settings.EMAIL_SEND_ATTEMPTS,
                delay,
                exc_info=True,
            )
            send_email.using(run_after=timezone.now() + delay).enqueue(message, attempt + 1)
            return
        logger.error(
            "Mail %r not sent after %d attempt(s); the failed task keeps it",
            message["subject"],
            attempt,
            exc_info=True,
        )
        raise
