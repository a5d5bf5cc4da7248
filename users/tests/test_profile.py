"""The name a person's comments are shown under: changed on the account page, asked
for by ``createsuperuser``."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from comments.models import Comment
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_the_navigation_bar_leads_to_the_account_page_under_the_persons_name(user_client, user):
    user.name = "Reader Person"
    user.save()
    response = user_client.get(reverse("entities:list"))
    assertContains(
        response, f'href="{reverse("users:account")}" title="Your account">Reader Person<'
    )


def test_a_person_changes_the_name_their_new_comments_carry(user_client, user):
    response = user_client.post(reverse("users:account"), {"name": "  Ann   Lee "}, follow=True)

    assertRedirects(response, reverse("users:account"))
    assertContains(response, "Your name was saved: your new comments are shown under “Ann Lee”.")
    user.refresh_from_db()
    assert user.name == "Ann Lee"  # the names rule's normal form
    entity = EntityFactory()
    user_client.post(reverse("comments:create", args=[entity.slug]), {"content": "Hello"})
    assert Comment.objects.get().name == "Ann Lee"


def test_the_name_change_is_said_in_russian(user_client):
    response = user_client.post(
        reverse("users:account"), {"name": "Аня"}, follow=True, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assertContains(response, "Имя сохранено: ваши новые комментарии подписаны «Аня».")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("\u0410nn", "mixes letters of different alphabets"),  # a Cyrillic A
        ("\u200b", "The name needs at least one visible letter"),
        ("x" * 101, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_name_against_the_names_rule_comes_back_with_the_error_and_what_was_typed(
    user_client, user, typed, error
):
    user.name = "Ann"
    user.save()

    response = user_client.post(reverse("users:account"), {"name": typed})

    assert response.status_code == HTTPStatus.OK
    assertContains(response, error)
    assertContains(response, f'value="{typed}"')
    assertNotContains(response, "Your name was saved")
    user.refresh_from_db()
    assert user.name == "Ann"


def test_the_name_cannot_be_emptied(user_client, user):
    user.name = "Ann"
    user.save()
    response = user_client.post(reverse("users:account"), {"name": "  "})
    assertContains(response, "This field is required.")
    user.refresh_from_db()
    assert user.name == "Ann"


def test_createsuperuser_takes_the_name_comments_are_shown_under():
    call_command(
        "createsuperuser",
        interactive=False,
        username="boss",
        email="",
        name="Boss Person",
        stdout=StringIO(),
    )
    assert get_user_model().objects.get(username="boss").display_name == "Boss Person"


def test_createsuperuser_without_a_name_is_refused(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_NAME", raising=False)
    with pytest.raises(CommandError, match="--name"):
        call_command("createsuperuser", interactive=False, username="boss", email="")
    assert not get_user_model().objects.exists()
