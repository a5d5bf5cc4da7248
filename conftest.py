"""Fixtures shared by every app's tests."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Every test's database starts at the same content versions, so entries
    # left by another test would look current.
    cache.clear()


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
