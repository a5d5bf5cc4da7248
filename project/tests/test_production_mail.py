"""Mail under the production settings reaches a real SMTP server (aiosmtpd, started
here): queued by the site, sent by the tasks worker, as on a deployed server."""

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from project.tests.subprocesses import run_django

pytestmark = pytest.mark.slow

# The site in a process of its own: a sign-up and a page that fails, then the worker
# sends what they queued and stops.
SITE = """
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

call_command("migrate", verbosity=0)
client = Client(raise_request_exception=False)
password = "a-long-pass-phrase-42"
data = {"email": "ann@example.com", "name": "Ann", "password1": password, "password2": password}
print("answered", client.post(reverse("account_signup"), data).status_code)
with override_settings(ROOT_URLCONF="project.tests.failing_urls"):
    print("answered", client.get(reverse("failing")).status_code)
call_command("db_worker", batch=True, startup_delay=False)
"""


class Inbox:
    """aiosmtpd's handler: keeps each message the server accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Inbox]:
    """What the production site answered, and the mail the SMTP server received."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    database: Path = tmp_path_factory.mktemp("mail") / "site.sqlite3"
    environment = {
        # Production's settings with static files from the apps: no collectstatic.
        "DJANGO_SETTINGS_MODULE": "project.tests.outage_settings",
        "SECRET_KEY": "mail-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DEFAULT_FROM_EMAIL": "Entities <noreply@example.com>",
        "SERVER_EMAIL": "Entities errors <errors@example.com>",
        "ADMINS": "Site Admin <admin@example.com>",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    try:
        result = run_django(SITE, **environment)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    # The answers, among the log's JSON lines on stdout.
    answers = [
        line.split()[1] for line in result.stdout.splitlines() if line.startswith("answered")
    ]
    return answers, inbox


def test_sign_up_confirmation_is_delivered_by_smtp(delivered):
    answers, inbox = delivered

    assert answers[0] == "302"  # to "check your mail"
    [message] = [m for m in inbox.messages if m["To"] == "ann@example.com"]
    assert message["From"] == "Entities <noreply@example.com>"
    assert "/accounts/confirm-email/" in message.get_body(("plain",)).get_content()


def test_server_error_is_mailed_to_the_admins_by_smtp(delivered):
    answers, inbox = delivered

    assert answers[1] == "500"
    [report] = [m for m in inbox.messages if m["To"] == "admin@example.com"]
    assert report["From"] == "Entities errors <errors@example.com>"
    assert "ValueError at /failing/" in report.get_body(("plain",)).get_content()
