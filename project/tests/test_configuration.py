"""Configuration mistakes stop with one sentence naming the variable, never a traceback."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from project.envvars import Env, unquote

PROD = {
    "DJANGO_SETTINGS_MODULE": "project.settings.prod",
    "SECRET_KEY": "a-long-random-value-for-the-tests-only-0123456789",
    "ALLOWED_HOSTS": "example.com",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "DEFAULT_FROM_EMAIL": "Entities <noreply@example.com>",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run manage.py with only ``environment`` (and PATH) set.

    An empty value is passed on as set-but-empty, so a developer's ``.env`` (which
    never overrides the environment) cannot fill it in.
    """
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_sentence_about(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]


@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL"]
)
def test_production_without_a_required_variable_names_it(variable):
    result = manage("check", **{**PROD, variable: ""})
    assert_one_sentence_about(result, variable)


def test_production_refuses_mail_printed_on_the_console():
    result = manage("check", **{**PROD, "EMAIL_URL": "consolemail://"})
    assert_one_sentence_about(result, "EMAIL_URL")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("EMAIL_URL", "smtp+starttls://mail.example.com"), ("ADMINS", "Ann <ann@example.com>,Bob")],
)
def test_mail_settings_that_cannot_be_read_name_the_variable(variable, value):
    result = manage("check", **{variable: value})
    assert_one_sentence_about(result, variable)


def test_env_example_lists_every_variable_the_code_reads():
    # What manage.py, the settings and gunicorn.conf.py read; DJANGO_ASGI is asgi.py's own.
    sources = [*(settings.BASE_DIR / "project" / "settings").glob("*.py")]
    sources.append(settings.BASE_DIR / "gunicorn.conf.py")
    code = "".join(path.read_text() for path in sources)
    read = set(re.findall(r"(?:env\.\w+|environ\.get)\(\s*[\"']([A-Z_]+)[\"']", code))
    listed = set(
        re.findall(r"^#? ?([A-Z_]+)=", (settings.BASE_DIR / ".env.example").read_text(), re.M)
    )

    assert read - {"DJANGO_ASGI"} - listed == set()


def test_unknown_database_url_scheme_names_the_variable():
    result = manage("check", DATABASE_URL="mongodb://127.0.0.1/entities")
    assert_one_sentence_about(result, "DATABASE_URL")
    assert "'mongodb'" in result.stderr


@pytest.mark.parametrize("module", ["project.settings.staging", "config.settings", "project..x"])
def test_settings_module_that_does_not_exist_names_the_variable(module):
    result = manage("check", DJANGO_SETTINGS_MODULE=module)
    assert_one_sentence_about(result, "DJANGO_SETTINGS_MODULE")


def test_quoted_settings_module_is_understood():
    # What `set DJANGO_SETTINGS_MODULE="project.settings.dev"` gives on Windows.
    result = manage("check", DJANGO_SETTINGS_MODULE='"project.settings.dev"')
    assert result.returncode == 0, result.stderr


def test_quoted_production_values_are_understood():
    quoted = {name: f'"{value}"' for name, value in PROD.items()}
    result = manage(
        "shell",
        "--verbosity=0",
        "--command",
        "from django.conf import settings as s; "
        "print(s.SECRET_KEY, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])",
        **quoted,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        PROD["SECRET_KEY"],
        "['example.com']",
        "django.db.backends.sqlite3",
    ]


# --- project.envvars -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "meant"),
    [
        ('"value"', "value"),
        ("'value'", "value"),
        ("value", "value"),
        ('  "value"  ', "value"),
        ('""', ""),
        ('"', '"'),
        ("'value\"", "'value\""),
        ('"a "b" c"', 'a "b" c'),
        ('""value""', '"value"'),
        ("it's", "it's"),
        ("", ""),
    ],
)
def test_unquote(raw, meant):
    assert unquote(raw) == meant


def test_env_reads_quoted_values_without_the_quotes(monkeypatch):
    monkeypatch.setenv("ENTITIES_TEST_FLAG", '"true"')
    assert Env().bool("ENTITIES_TEST_FLAG") is True


def test_env_reads_a_quoted_database_url(monkeypatch):
    monkeypatch.setenv("ENTITIES_TEST_DB", "'postgres://u:p@127.0.0.1:5432/entities'")
    assert Env().db_url("ENTITIES_TEST_DB")["NAME"] == "entities"


def test_default_sqlite_file_is_in_the_project_folder_whatever_its_name(tmp_path):
    # A folder name that a URL parser reads as a space and an escape.
    folder = tmp_path / "C++ 50% done"
    shutil.copytree(
        settings.BASE_DIR / "project", folder / "project", ignore=shutil.ignore_patterns("tests")
    )
    code = "import project.settings.base as s; print(s.DATABASES['default']['NAME'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(folder / "db.sqlite3")


@pytest.mark.parametrize(("asked", "admin_url"), [("", "admin/"), ("True", "from-dot-env/")])
def test_dot_env_file_is_read_only_when_asked(tmp_path, asked, admin_url):
    shutil.copytree(
        settings.BASE_DIR / "project", tmp_path / "project", ignore=shutil.ignore_patterns("tests")
    )
    (tmp_path / ".env").write_text("ADMIN_URL=from-dot-env/\n")
    code = "import project.settings.base as s; print(s.ADMIN_URL)"
    env = {
        k: v for k, v in os.environ.items() if k not in {"ADMIN_URL", "DJANGO_READ_DOT_ENV_FILE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_READ_DOT_ENV_FILE": asked},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == admin_url
