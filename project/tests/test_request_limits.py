"""Bodies the site cannot or should not read, and the safe defaults of production:
HSTS that starts low, bounded request sizes, no persistent connections under
ASGI, a statement timeout on PostgreSQL."""

import json
import logging
import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from entities.tests.factories import EntityFactory
from project.tests.subprocesses import run_django
from project.tests.test_configuration import PROD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG", "production"])
@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "latin-1"])
def test_form_in_another_charset_is_a_400_in_the_sites_look_logged_once(
    settings, caplog, debug, charset
):
    settings.DEBUG = debug
    entity = EntityFactory(name="Lighthouse")
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        response = browser.post(
            reverse("comments:create", args=[entity.slug]),
            "name=Ann&content=Hello",  # the client encodes it in the charset
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "Bad request" in html
    assert "bootstrap.min.css" in html
    assert len(html) < 10_000  # the short page, not a traceback
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert warnings[0].exc_info is None


def test_utf8_form_still_posts():
    entity = EntityFactory(name="Lighthouse")
    response = Client().post(
        reverse("comments:create", args=[entity.slug]),
        "name=Ann&content=Hello",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == HTTPStatus.FOUND


def test_request_body_over_the_limit_is_refused(editor_client):
    body = "name=Big&content=" + "a" * (600 * 1024)

    response = editor_client.post(
        reverse("entities:create"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_request_sizes_are_bounded_by_settings():
    result = run_django(
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.DATA_UPLOAD_MAX_NUMBER_FIELDS]))",
        DATA_UPLOAD_MAX_NUMBER_FIELDS="150",
    )
    assert json.loads(result.stdout) == [512 * 1024, 150], result.stderr


def prod_setting(expression: str, **environment: str) -> object:
    result = run_django(
        f"from django.conf import settings as s; import json; print(json.dumps({expression}))",
        **{**PROD, **environment},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_hsts_starts_low_without_subdomains_or_preload():
    assert prod_setting(
        "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]"
    ) == [3600, False, False]


def test_hsts_is_raised_by_settings():
    assert prod_setting(
        "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " 'security.W005' in s.SILENCED_SYSTEM_CHECKS]",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="True",
        DJANGO_SECURE_HSTS_PRELOAD="True",
    ) == [31536000, True, True, False]


def test_statement_timeout_reaches_postgresql_as_a_connection_option():
    options = prod_setting(
        "s.DATABASES['default'].get('OPTIONS', {})",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/inp_unused",
        DATABASE_STATEMENT_TIMEOUT_MS="2500",
    )
    assert options["options"] == "-c statement_timeout=2500"


def test_statement_timeout_defaults_to_five_seconds():
    options = prod_setting(
        "s.DATABASES['default'].get('OPTIONS', {})",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/inp_unused",
    )
    assert options["options"] == "-c statement_timeout=5000"


def entry_point_conn_max_age(module: str) -> str:
    """CONN_MAX_AGE as the settings give it once ``module`` (asgi.py or wsgi.py) loaded."""
    environment = {**os.environ, **PROD, "CONN_MAX_AGE": "60"}
    environment.pop("DJANGO_SETTINGS_MODULE")  # the entry point chooses it
    environment.pop("DJANGO_ASGI", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import {module}; from django.conf import settings;"
            " print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=django_settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_no_persistent_connections_under_asgi():
    assert entry_point_conn_max_age("project.asgi") == "0"
    assert entry_point_conn_max_age("project.wsgi") == "60"
