"""Request ids and one JSON log line per request."""

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from project.requestlog import (
    REQUEST_ID_HEADER,
    GunicornAccessFilter,
    JsonFormatter,
)


@pytest.fixture
def json_log() -> Iterator[Callable[[str], list[dict]]]:
    """The lines logged meanwhile, formatted as production writes them, parsed back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines(logger: str) -> list[dict]:
        return [
            line
            for line in map(json.loads, stream.getvalue().splitlines())
            if line["logger"] == logger
        ]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client):
    first = client.get(reverse("entities:list"))
    second = client.get(reverse("entities:list"))

    assert len(first[REQUEST_ID_HEADER]) == 32
    assert first[REQUEST_ID_HEADER] != second[REQUEST_ID_HEADER]


@pytest.mark.django_db
def test_the_request_id_sent_by_the_proxy_is_kept(client):
    response = client.get(reverse("entities:list"), headers={REQUEST_ID_HEADER: "nginx-4f2a.9"})

    assert response[REQUEST_ID_HEADER] == "nginx-4f2a.9"


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ['a"b', "a\nb", "x" * 129, ""])
def test_a_malformed_request_id_is_replaced(client, forged):
    response = client.get(reverse("entities:list"), headers={REQUEST_ID_HEADER: forged})

    assert response[REQUEST_ID_HEADER] != forged
    assert len(response[REQUEST_ID_HEADER]) == 32


@pytest.mark.django_db
def test_each_request_is_logged_with_id_method_path_status_and_duration(client, json_log):
    response = client.get(reverse("entities:list"), headers={REQUEST_ID_HEADER: "req-1"})

    [line] = json_log("project.request")
    assert line["level"] == "INFO"
    assert line["request_id"] == "req-1"
    assert line["method"] == "GET"
    assert line["path"] == reverse("entities:list")
    assert line["status"] == response.status_code == HTTPStatus.OK
    assert line["duration_ms"] >= 0
    assert "user_id" not in line


@pytest.mark.django_db
def test_a_signed_in_request_is_logged_with_the_user_id(user_client, user, json_log):
    user_client.get(reverse("entities:list"))

    [line] = json_log("project.request")
    assert line["user_id"] == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("probe", ["healthz", "readyz"])
def test_health_probes_are_not_logged_at_info(client, json_log, probe):
    response = client.get(reverse(probe))

    assert response.status_code == HTTPStatus.OK
    assert json_log("project.request") == []


@pytest.mark.django_db
@pytest.mark.urls("project.tests.failing_urls")
def test_a_server_error_is_one_json_line_with_its_traceback_and_request_id(client, json_log):
    client.raise_request_exception = False

    response = client.get(reverse("failing"))

    [error] = json_log("django.request")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert error["level"] == "ERROR"
    assert error["request_id"] == response[REQUEST_ID_HEADER]
    assert "ValueError: the page failed" in error["traceback"]


def gunicorn_access_record(path: str) -> logging.LogRecord:
    """An access record as gunicorn makes one: its format, the request's atoms as args."""
    atoms = {"h": "10.0.0.7", "m": "GET", "U": path, "s": "200", "B": 512, "M": 3}
    atoms |= {"a": "curl/8", "{x-request-id}o": "req-3"}
    return logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s %(U)s", (atoms,), None)


@pytest.mark.parametrize("probe", ["healthz", "readyz"])
def test_gunicorn_leaves_health_probes_out_of_the_access_log(probe):
    assert not GunicornAccessFilter().filter(gunicorn_access_record(reverse(probe)))


def test_gunicorn_access_lines_are_json_with_the_request_fields():
    record = gunicorn_access_record(reverse("entities:list"))

    assert GunicornAccessFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-3"
    assert line["remote_addr"] == "10.0.0.7"
    assert (line["method"], line["path"], line["status"]) == ("GET", reverse("entities:list"), 200)
    assert line["duration_ms"] == 3


def test_production_settings_log_json_objects_on_stdout():
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.com",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
    }
    script = "import django, logging; django.setup(); logging.getLogger('site').warning('hello')"

    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    line = json.loads(result.stdout)
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "site", "hello")
    assert result.stderr == ""
