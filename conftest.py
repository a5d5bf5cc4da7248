"""Fixtures shared by every app's tests."""

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import validate_django_db

# Property-based tests: how many generated inputs each test tries. "default"
# keeps `make test` quick; HYPOTHESIS_PROFILE=thorough searches harder.
# Each example is a whole request, so no per-example deadline; the fixtures are
# function-scoped on purpose (one database transaction per test, shared by its examples).
_common = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("default", max_examples=40, **_common)
hypothesis_settings.register_profile("thorough", max_examples=500, **_common)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _position(item: pytest.Item) -> int:
    """Where a test runs: without a database, in a transaction rolled back, with the
    database committed to (and emptied after), in the browser."""
    if item.get_closest_marker("browser"):
        return 3
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return 2
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        return 2 if transaction or reset_sequences else 1
    return 1 if "db" in fixtures else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests without a database first, then pytest-django's order, the browser tests last.

    pytest-xdist (``make test``) hands each worker the tests in this order, a run at a
    time, and a worker asks for more when it runs low, so the workers finish together
    only when the last tests are short ones: the browser tests (a few seconds each) are,
    the tests without a database (Django, dev.py, gunicorn or Java in a new process, up
    to ten seconds each) are not. Within a worker, pytest-django's order still holds:
    tests that roll back before tests that commit and empty the database. The browser
    tests come after all others because from the first of them to the end of the session
    Playwright's event loop runs in the worker's thread (the ``playwright`` fixture in
    project/tests/browser/conftest.py lets Django's database calls through; asgiref's
    async_to_sync would refuse to run). This runs last: pytest's own reordering, which
    keeps tests of a session-scoped parameter (the browser's name) together, put the
    browser tests among the others.
    """
    items.sort(key=_position)


@pytest.fixture(autouse=True)
def _mail_by_task(settings) -> None:
    """Mail goes through the task as on the site; pytest-django had made EMAIL_BACKEND
    the outbox, which is now EMAIL_SENDING_BACKEND (test settings)."""
    settings.EMAIL_BACKEND = "project.mail.TaskEmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache(request) -> None:
    """Rate-limit counters from one test must not leak into the next (the
    database cache outlives a test that commits), and every test's database starts
    at the same content versions, so pages left by another test would look current."""
    caches["pages"].clear()
    caches["rows"].clear()
    if request.node.get_closest_marker("django_db") or "transactional_db" in request.fixturenames:
        # pytest-django's own autouse fixture has opened the test's database by now.
        caches["default"].clear()


@pytest.fixture
def user(django_user_model):
    """A signed-up user with no permissions."""
    return django_user_model.objects.create_user(username="reader", password="pass-word-123")


@pytest.fixture
def editor(django_user_model):
    """A user allowed to add, change and delete entities, but not staff."""
    editor = django_user_model.objects.create_user(username="editor", password="pass-word-123")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="entities",
            codename__in=["add_entity", "change_entity", "delete_entity"],
        )
    )
    return editor


@pytest.fixture
def user_client(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client: Client, editor) -> Client:
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    """A request in Russian leaves Russian active in this thread; lazy messages
    checked by later tests must come out in English again."""
    yield
    translation.deactivate()
