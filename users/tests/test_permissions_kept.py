"""A signed-in person and their permissions come from the cache between requests,
and any change to them shows on the very next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.urls import reverse

from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

LIST = reverse("entities:list")
NEW_ENTITY = reverse("entities:create").encode()


def add_entity() -> Permission:
    return Permission.objects.get(codename="add_entity")


def shows_new_entity_link(client) -> bool:
    return NEW_ENTITY in client.get(LIST).content


def test_the_user_and_permissions_are_read_once_then_kept(user_client, django_assert_num_queries):
    EntityFactory()
    user_client.get(LIST)
    # The count and the page's rows (development keeps no list page): neither the user
    # nor a permission lookup.
    with django_assert_num_queries(2):
        user_client.get(LIST)


def test_a_permission_given_or_taken_shows_on_the_next_page(user_client, user):
    assert not shows_new_entity_link(user_client)
    user.user_permissions.add(add_entity())
    assert shows_new_entity_link(user_client)
    user.user_permissions.remove(add_entity())
    assert not shows_new_entity_link(user_client)


def test_a_group_joined_or_changed_shows_on_the_next_page(user_client, user):
    editors = Group.objects.create(name="Editors")
    user.groups.add(editors)
    assert not shows_new_entity_link(user_client)
    editors.permissions.add(add_entity())
    assert shows_new_entity_link(user_client)
    editors.delete()
    assert not shows_new_entity_link(user_client)


def test_a_deactivated_account_loses_its_permissions_at_once(client, editor):
    client.force_login(editor)
    assert shows_new_entity_link(client)
    editor.is_active = False
    editor.save()
    assert not shows_new_entity_link(client)


def test_kept_permissions_are_not_trusted_once_their_generation_is_gone(user_client, user):
    assert not shows_new_entity_link(user_client)
    # A change no signal reports, then the generation evicted, as Redis may evict it.
    through = user.user_permissions.through
    through.objects.bulk_create([through(user=user, permission=add_entity())])
    caches["sessions"].delete("permissions:generation")
    assert shows_new_entity_link(user_client)
