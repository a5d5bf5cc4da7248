"""A server error reaches someone: a mail to ADMINS by the site's one mail path, and
Sentry when SENTRY_DSN is set."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django_tasks.backends.immediate import ImmediateBackend

from project.tests.subprocesses import run_django
from project.tests.test_configuration import PROD

# DEBUG is off in tests, as in production.
pytestmark = [pytest.mark.django_db, pytest.mark.urls("project.tests.failing_urls")]


@pytest.fixture
def admins(settings, client):
    settings.ADMINS = [("Ann", "ann@example.com")]
    client.raise_request_exception = False


def test_a_server_error_is_mailed_to_the_admins(client, admins):
    response = client.get(reverse("failing"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    [report] = mail.outbox
    assert report.to == ["ann@example.com"]
    assert report.subject.startswith("[Entities & Comments] ERROR")
    assert "ValueError at /failing/" in report.body


def test_an_answer_of_the_client_is_not_mailed(client, admins):
    response = client.get("/accounts/login/", HTTP_HOST="not-allowed.example")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert mail.outbox == []


def test_the_error_page_is_served_when_its_report_cannot_be_queued(
    client, admins, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise OperationalError("the task table is unreachable")

    monkeypatch.setattr(ImmediateBackend, "enqueue", refuse)

    response = client.get(reverse("failing"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "not queued" in caplog.text


SENTRY_STATE = (
    "import sentry_sdk; from sentry_sdk.integrations.django import DjangoIntegration; "
    "client = sentry_sdk.get_client(); "
    "print(client.is_active(), client.get_integration(DjangoIntegration) is not None)"
)


@pytest.mark.parametrize(
    ("dsn", "reporting"),
    [("", "False False"), ("https://public@sentry.example.com/1", "True True")],
    ids=["off by default", "on with SENTRY_DSN"],
)
def test_sentry_reports_errors_when_a_dsn_is_set(dsn, reporting):
    result = run_django(SENTRY_STATE, **PROD, SENTRY_DSN=dsn)

    assert result.stdout.strip() == reporting, result.stderr
