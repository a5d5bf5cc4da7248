"""Mail goes out in a background task, so a slow or dead mail server never holds a request.

``enqueue_email`` takes a ready message (subject, body and addresses already
rendered in the request's language) and hands it to ``send_email``, a
``django.tasks`` task: run at once under ``make run`` (the immediate backend
prints the message to the terminal), stored in the database and sent by
``manage.py db_worker`` in production. A failed send is logged and tried again
later (``EMAIL_SEND_ATTEMPTS`` in all); after the last attempt the task is
marked failed in the database, arguments kept, so no message is lost silently.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Waits before the second, third… attempt; the last one repeats.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30)]


def message_to_dict(message: EmailMessage) -> dict:
    """What a task needs to build ``message`` again: plain JSON."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def enqueue_email(message: EmailMessage) -> None:
    """Send ``message`` outside the request."""
    send_email.enqueue(message_to_dict(message))


@task()
def send_email(message: dict, attempt: int = 1) -> None:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        reply_to=message.get("reply_to") or None,
        alternatives=[tuple(part) for part in message.get("alternatives", [])],
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
