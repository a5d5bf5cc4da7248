"""Comments by people with accounts, the edit window, and moderation."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pytest_django.asserts import assertContains

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity():
    return EntityFactory(name="Lighthouse")


@pytest.fixture
def moderator(django_user_model):
    person = django_user_model.objects.create_user(
        username="mod", email="mod@example.com", password="x"
    )
    person.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return person


def post(client, entity, **data):
    return client.post(reverse("comments:create", args=[entity.slug]), data)


def page(client, entity) -> str:
    return client.get(entity.get_absolute_url()).content.decode()


def form_page(client, entity) -> str:
    return client.get(reverse("comments:create", args=[entity.slug])).content.decode()


# Comments tied to accounts


def test_a_signed_in_comment_belongs_to_the_account_and_takes_its_name(user_client, user, entity):
    user.name = "Reader Person"
    user.save()
    response = post(user_client, entity, content="Signed in")
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    assert comment.user == user
    assert comment.name == "Reader Person"


def test_the_form_asks_a_signed_in_person_no_name_or_email(user_client, entity):
    content = form_page(user_client, entity)
    assert 'name="content"' in content
    assert 'name="name"' not in content
    assert 'name="email"' not in content


def test_anonymous_comments_can_be_switched_off(client, settings, entity):
    settings.COMMENTS_ALLOW_ANONYMOUS = False
    assert 'name="content"' not in form_page(client, entity)
    response = post(client, entity, name="Ann", content="Hello")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_anonymous_comments_keep_their_trap(client, entity):
    post(client, entity, name="Bot", content="Spam", website="http://spam.example")
    assert not Comment.objects.exists()


# The edit window


def own_comment(user, **kwargs) -> Comment:
    return CommentFactory(user=user, **kwargs)


def test_the_writer_edits_within_the_window_and_it_says_edited(user_client, user):
    comment = own_comment(user)
    url = reverse("comments:update", args=[comment.entity.slug, comment.pk])
    response = user_client.post(url, {"content": "Better words"})
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.content == "Better words"
    assert comment.edited_at is not None
    assert "edited" in page(user_client, comment.entity)


@pytest.mark.parametrize("mode", ["first", "all"])
def test_an_approved_comment_edited_under_moderation_waits_for_approval_again(
    user_client, user, settings, mode
):
    settings.COMMENTS_MODERATION = mode
    comment = own_comment(user, content="Approved words")
    entity = comment.entity
    url = reverse("comments:update", args=[entity.slug, comment.pk])

    response = user_client.post(url, {"content": "Spam words"}, follow=True)

    comment.refresh_from_db()
    entity.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert entity.comment_count == 0
    assert "waits for a moderator" in response.content.decode()
    assert "Spam words" not in page(Client(), entity)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "You have until {time} UTC to change it."),
        ("ru", "Изменить его можно до {time} UTC."),
    ],
)
def test_the_edit_page_says_until_when_in_which_zone_in_one_sentence(
    user_client, user, language, sentence
):
    comment = own_comment(user)
    url = reverse("comments:update", args=[comment.entity.slug, comment.pk])
    text = user_client.get(url, headers={"accept-language": language}).content.decode()
    with translation.override(language):
        time = date_format(timezone.localtime(comment.edit_deadline()), "TIME_FORMAT")
    # "until 4:35 a.m.." was the English sentence: the time no longer ends it.
    assert sentence.format(time=time) in text


# What the 403 says: the rule it keeps, in either language.
NOT_YOURS = {
    "en": "You can change only your own comments, within 15 minutes of posting them.",
    "ru": "Изменять можно только свои комментарии и только в течение 15 минут после публикации.",
}


def assert_refused_with_the_rule(response, language: str = "en") -> None:
    assert response.status_code == HTTPStatus.FORBIDDEN
    text = response.content.decode()
    assert NOT_YOURS[language] in text
    assert "administrator" not in text


def test_the_window_closes(user_client, user, settings):
    settings.COMMENTS_EDIT_MINUTES = 15
    comment = own_comment(user, created_at=timezone.now() - timedelta(minutes=16))
    for name in ("comments:update", "comments:delete"):
        url = reverse(name, args=[comment.entity.slug, comment.pk])
        assert_refused_with_the_rule(user_client.get(url))


def test_nobody_else_may_edit_or_delete(user_client, moderator, settings):
    settings.COMMENTS_EDIT_MINUTES = 15
    comment = own_comment(moderator)
    for name in ("comments:update", "comments:delete"):
        url = reverse(name, args=[comment.entity.slug, comment.pk])
        assert_refused_with_the_rule(user_client.get(url))
        assert_refused_with_the_rule(user_client.post(url, {"content": "Mine now"}))
        russian = user_client.get(url, headers={"accept-language": "ru"})
        assert_refused_with_the_rule(russian, "ru")
    comment.refresh_from_db()
    assert comment.content != "Mine now"


def test_anonymous_visitors_are_sent_to_sign_in(client, user):
    comment = own_comment(user)
    response = client.get(reverse("comments:update", args=[comment.entity.slug, comment.pk]))
    assert response.status_code == HTTPStatus.FOUND


def test_the_writer_deletes_and_the_count_follows(user_client, user, entity):
    comment = own_comment(user, entity=entity)
    entity.refresh_from_db()
    assert entity.comment_count == 1
    url = reverse("comments:delete", args=[entity.slug, comment.pk])
    assert user_client.post(url).status_code == HTTPStatus.FOUND
    entity.refresh_from_db()
    assert entity.comment_count == 0
    assert not Comment.objects.exists()


def test_the_writers_edits_and_moderation_are_in_the_admin_history(
    user_client, user, moderator, entity
):
    comment = own_comment(user, entity=entity)
    user_client.post(reverse("comments:update", args=[entity.slug, comment.pk]), {"content": "New"})
    moderator_client = Client()
    moderator_client.force_login(moderator)
    hide(moderator_client, comment)
    hide(moderator_client, comment)  # hidden already: nothing changed, nothing recorded
    user_client.post(reverse("comments:delete", args=[entity.slug, comment.pk]))

    entries = LogEntry.objects.filter(object_id=str(comment.pk)).order_by("pk")
    assert [(e.user, e.action_flag, e.get_change_message()) for e in entries] == [
        (user, CHANGE, "Changed Comment."),
        (moderator, CHANGE, "The comment is hidden from visitors."),
        (user, DELETION, ""),
    ]


# Hiding and showing


def hide(client, comment, action="hide"):
    url = reverse("comments:moderate", args=[comment.entity.slug, comment.pk])
    return client.post(url, {"action": action})


def test_moderation_needs_the_permission(client, user, entity):
    comment = CommentFactory(entity=entity)
    assert hide(client, comment).status_code == HTTPStatus.FOUND  # to sign in
    client.force_login(user)
    assert hide(client, comment).status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert comment.is_visible


def test_a_hidden_comment_is_gone_from_the_page_the_count_the_list_and_the_cache(
    client, moderator, entity, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    comment = CommentFactory(entity=entity, content="Rude words here")
    assert "Rude words here" in page(client, entity)  # now in the cache
    list_before = client.get(reverse("entities:list")).content.decode()
    assert "1 comment" in list_before

    moderator_client = type(client)()
    moderator_client.force_login(moderator)
    assert hide(moderator_client, comment).status_code == HTTPStatus.FOUND

    content = page(client, entity)
    assert "Rude words here" not in content
    assert "0 comments" in content
    entity.refresh_from_db()
    assert entity.comment_count == 0
    assert "1 comment" not in client.get(reverse("entities:list")).content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()  # nothing is deleted
    # Moderators still see it, marked.
    moderator_view = page(moderator_client, entity)
    assert "Rude words here" in moderator_view
    assert "Hidden from visitors" in moderator_view


def test_a_moderator_comes_back_to_the_page_of_the_comment_they_hid(
    client, moderator, entity, settings
):
    # Two hidden comments come first: only a moderator sees this one on page 2.
    settings.COMMENTS_PER_PAGE = 2
    Comment.objects.filter(
        pk__in=[c.pk for c in CommentFactory.create_batch(2, entity=entity)]
    ).hide()
    comment = CommentFactory(entity=entity, content="On the second page")
    client.force_login(moderator)
    second = client.get(f"{entity.get_absolute_url()}?page=2").content.decode()
    url = reverse("comments:moderate", args=[entity.slug, comment.pk])
    form = re.search(rf'action="{url}">(.*?)</form>', second, re.DOTALL)[1]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    response = client.post(url, {**fields, "action": "hide"}, follow=True)
    assert f'id="comment-{comment.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "hidden", "waiting"),
    [
        ("en", "Hidden from visitors", "Waiting for approval"),
        ("ru", "Скрыт от посетителей", "Ждёт одобрения"),
    ],
)
def test_the_writer_and_the_moderators_see_what_became_of_a_comment(
    user_client, user, moderator, entity, language, hidden, waiting
):
    own_comment(user, entity=entity, status=Comment.Status.HIDDEN)
    own_comment(user, entity=entity, status=Comment.Status.PENDING)
    moderator_client = Client()
    moderator_client.force_login(moderator)

    for client, address in [
        (user_client, reverse("users:account")),
        (moderator_client, entity.get_absolute_url()),
    ]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        content = client.get(address).content.decode()
        assert re.search(rf">\s*{hidden}\s*<", content), address
        assert re.search(rf">\s*{waiting}\s*<", content), address


def test_showing_again_brings_it_back(client, moderator, entity):
    comment = CommentFactory(entity=entity, content="Fine after all")
    Comment.objects.filter(pk=comment.pk).hide()
    client.force_login(moderator)
    hide(client, comment, action="publish")
    client.logout()
    assert "Fine after all" in page(client, entity)
    entity.refresh_from_db()
    assert entity.comment_count == 1


def test_hiding_twice_takes_it_off_the_count_once(entity):
    CommentFactory(entity=entity)
    CommentFactory(entity=entity)
    assert Comment.objects.all().hide() == 2
    assert Comment.objects.all().hide() == 0
    entity.refresh_from_db()
    assert entity.comment_count == 0


def test_the_admin_hides_many_at_once(admin_client, entity):
    comments = [CommentFactory(entity=entity) for _ in range(3)]
    response = admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "hide_comments", "_selected_action": [c.pk for c in comments[:2]]},
    )
    assert response.status_code == HTTPStatus.FOUND
    entity.refresh_from_db()
    assert entity.comment_count == 1
    assert Comment.objects.visible().count() == 1


@pytest.mark.parametrize(
    ("action", "language", "said"),
    [
        ("hide_comments", "en", "The comment is hidden from visitors."),
        ("publish_comments", "en", "The comment is shown to visitors."),
        ("hide_comments", "ru", "Комментарий скрыт от посетителей."),
    ],
)
def test_the_admins_moderation_is_in_the_comments_history(
    admin_client, admin_user, entity, action, language, said
):
    shown, hidden = CommentFactory(entity=entity), CommentFactory(entity=entity)
    Comment.objects.filter(pk=hidden.pk).hide()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": action, "_selected_action": [shown.pk, hidden.pk]},
    )
    changed = shown if action == "hide_comments" else hidden
    history = admin_client.get(reverse("admin:comments_comment_history", args=[changed.pk]))
    assertContains(history, said)
    assert LogEntry.objects.get().user == admin_user  # the one whose status changed, only


def test_deleting_a_hidden_comment_leaves_the_count_alone(entity):
    CommentFactory(entity=entity)
    hidden = CommentFactory(entity=entity)
    Comment.objects.filter(pk=hidden.pk).hide()
    hidden.delete()
    entity.refresh_from_db()
    assert entity.comment_count == 1


# Held for approval


@pytest.mark.parametrize(
    ("mode", "anonymous_waits", "first_waits", "second_waits"),
    [("off", False, False, False), ("first", True, True, False), ("all", True, True, True)],
)
def test_moderation_modes(
    client, user, settings, entity, mode, anonymous_waits, first_waits, second_waits
):
    settings.COMMENTS_MODERATION = mode
    post(client, entity, name="Anon", content="anonymous")
    client.force_login(user)
    post(client, entity, content="first")
    Comment.objects.filter(content="first").publish()
    post(client, entity, content="second")

    def waits(content):
        return Comment.objects.get(content=content).status == Comment.Status.PENDING

    assert waits("anonymous") is anonymous_waits
    assert waits("second") is second_waits
    if mode != "off":
        # "first" was approved above; it was held before that.
        assert first_waits


def test_the_writer_is_told_the_comment_waits(client, settings, entity):
    settings.COMMENTS_MODERATION = "all"
    response = post(client, entity, name="Ann", content="Please approve")
    assert response.url == Comment.objects.get().get_absolute_url()
    content = client.get(response.url).content.decode()
    assert "waits for a moderator" in content
    assert "Please approve" not in content
    entity.refresh_from_db()
    assert entity.comment_count == 0


def test_moderators_find_the_waiting_ones_in_one_list(client, moderator, settings, entity):
    settings.COMMENTS_MODERATION = "all"
    post(client, entity, name="Ann", content="In the queue")
    client.force_login(moderator)
    response = client.get(reverse("comments:pending"))
    assert "In the queue" in response.content.decode()


def test_the_waiting_list_needs_the_permission(user_client):
    assert user_client.get(reverse("comments:pending")).status_code == HTTPStatus.FORBIDDEN


def test_moderators_are_mailed_when_a_comment_waits(client, moderator, settings, entity):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_NOTIFY_MODERATORS = True
    settings.SITE_NAME = "Harbour Notes"
    post(client, entity, name="Ann", content="Look at me")
    [message] = mail.outbox
    assert message.to == ["mod@example.com"]
    assert message.subject == f"[Harbour Notes] A comment on “{entity.name}” waits for approval"
    assert "Look at me" in message.body
    assert reverse("comments:pending") in message.body


@pytest.mark.parametrize(
    ("next_url", "back_to_queue"),
    [("queue", True), ("https://evil.example/", False), ("", False)],
)
def test_moderation_returns_to_the_queue_or_to_the_comment(
    client, moderator, entity, next_url, back_to_queue
):
    comment = CommentFactory(entity=entity, status=Comment.Status.PENDING)
    client.force_login(moderator)
    url = reverse("comments:moderate", args=[entity.slug, comment.pk])
    if next_url == "queue":
        next_url = reverse("comments:pending")
    response = client.post(url, {"action": "publish", "next": next_url})
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    expected = reverse("comments:pending") if back_to_queue else comment.get_absolute_url()
    assert response.url == expected


def test_an_unknown_moderation_action_is_refused(client, moderator, entity):
    comment = CommentFactory(entity=entity)
    client.force_login(moderator)
    assert hide(client, comment, action="delete").status_code == HTTPStatus.BAD_REQUEST
    comment.refresh_from_db()
    assert comment.is_visible
