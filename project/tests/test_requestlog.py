"""JSON log lines, and the request id nginx sent in gunicorn's access line and in errors."""

import io
import json
import logging
import os
import runpy
import subprocess
import sys
from collections.abc import Callable, Iterator
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.glogging import SafeAtoms
from pythonjsonlogger.json import JsonFormatter

from project.requestlog import (
    JSON_FORMATTER,
    REQUEST_ID_HEADER,
    GunicornAccessFilter,
    RequestIdFilter,
)


@pytest.fixture
def json_log() -> Iterator[Callable[[str], list[dict]]]:
    """The lines logged meanwhile, formatted as production writes them, parsed back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**{k: v for k, v in JSON_FORMATTER.items() if k != "()"}))
    handler.addFilter(RequestIdFilter())
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
@pytest.mark.urls("project.tests.failing_urls")
def test_a_server_error_is_one_json_line_with_its_traceback_and_request_id(client, json_log):
    client.raise_request_exception = False

    response = client.get(reverse("failing"), headers={REQUEST_ID_HEADER: "nginx-4f2a"})

    [error] = json_log("django.request")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert error["level"] == "ERROR"
    assert error["request_id"] == "nginx-4f2a"
    assert "ValueError: the page failed" in error["traceback"]


def gunicorn_access_record(path: str) -> logging.LogRecord:
    """An access record as gunicorn makes one: its format, the request's atoms as args."""
    atoms = {"h": "10.0.0.7", "m": "GET", "U": path, "s": "200", "B": 512, "M": 3}
    return logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s %(U)s", (atoms,), None)


@pytest.mark.parametrize("probe", ["healthz", "readyz"])
def test_gunicorn_leaves_health_probes_out_of_the_access_log(probe):
    assert not GunicornAccessFilter().filter(gunicorn_access_record(reverse(probe)))


def test_gunicorn_logs_other_requests():
    assert GunicornAccessFilter().filter(gunicorn_access_record(reverse("entities:list")))


def test_gunicorn_access_line_names_the_request_id_nginx_sent():
    access_log_format = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))[
        "access_log_format"
    ]
    atoms = {"h": "10.0.0.7", "r": "GET / HTTP/1.0", "s": "200", "b": "512", "M": 3}

    line = access_log_format % SafeAtoms({**atoms, "{x-request-id}i": "nginx-4f2a"})

    assert line.endswith(" id=nginx-4f2a")


def test_production_settings_log_json_objects_on_stdout():
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.com",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DEFAULT_FROM_EMAIL": "Entities <noreply@example.com>",
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
