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
