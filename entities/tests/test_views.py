import re
from http import HTTPStatus

import factory
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertRedirects,
    assertTemplateUsed,
)

from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory
from project.tests.site_look import assert_site_look

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # the password of the user fixtures in conftest.py


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


@pytest.fixture
def entity():
    return EntityFactory(name="Lighthouse")


@pytest.fixture(params=["create", "update", "delete"])
def write_page(request, entity) -> str:
    """The URL of each page that needs a permission."""
    if request.param == "create":
        return reverse("entities:create")
    return reverse(f"entities:{request.param}", kwargs={"slug": entity.slug})


# --- Who may open which page ----------------------------------------------------


def test_anyone_sees_the_list(client, entity):
    response = client.get(reverse("entities:list"))
    assertContains(response, "Lighthouse")


def test_anyone_sees_an_entity(client, entity):
    response = client.get(entity.get_absolute_url())
    assertContains(response, "Lighthouse")
    assertTemplateUsed(response, "entities/entity_detail.html")


def test_unknown_slug_is_not_found(client):
    response = client.get(reverse("entities:detail", kwargs={"slug": "nothing-here"}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assertTemplateUsed(response, "404.html")


def test_anonymous_visitor_is_sent_to_sign_in(client, write_page):
    response = client.get(write_page)
    assertRedirects(response, login_url(write_page))


def test_sign_in_page_remembers_where_to_go_back(client, write_page):
    response = client.get(login_url(write_page))
    assertContains(response, f'name="next" value="{write_page}"')


def test_signing_in_goes_back_to_the_page_asked_for(client, editor, write_page):
    response = client.post(
        reverse("account_login"),
        {"login": editor.username, "password": PASSWORD, "next": write_page},
    )
    assertRedirects(response, write_page)


def test_user_without_permission_gets_the_site_403_page(user_client, write_page):
    response = user_client.get(write_page)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assertTemplateUsed(response, "403.html")
    assert_site_look(response)


def test_user_with_permission_opens_the_page(editor_client, write_page):
    assert editor_client.get(write_page).status_code == HTTPStatus.OK


def test_anonymous_post_creates_nothing(client):
    response = client.post(reverse("entities:create"), {"name": "Sneaky"})
    assertRedirects(response, login_url(reverse("entities:create")))
    assert not Entity.objects.exists()


def test_post_without_permission_deletes_nothing(user_client, entity):
    response = user_client.post(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Entity.objects.filter(pk=entity.pk).exists()


def test_post_without_permission_changes_nothing(user_client, entity):
    url = reverse("entities:update", kwargs={"slug": entity.slug})
    response = user_client.post(url, {"name": "Renamed"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    entity.refresh_from_db()
    assert entity.name == "Lighthouse"


def test_edit_and_delete_buttons_are_hidden_without_permission(user_client, entity):
    response = user_client.get(entity.get_absolute_url())
    assert reverse("entities:update", kwargs={"slug": entity.slug}) not in response.content.decode()
    assert reverse("entities:delete", kwargs={"slug": entity.slug}) not in response.content.decode()


def test_edit_and_delete_buttons_show_with_permission(editor_client, entity):
    response = editor_client.get(entity.get_absolute_url())
    assertContains(response, reverse("entities:update", kwargs={"slug": entity.slug}))
    assertContains(response, reverse("entities:delete", kwargs={"slug": entity.slug}))


# --- Create, edit, delete -------------------------------------------------------


def test_create_goes_to_the_new_entity_with_a_message(editor_client):
    response = editor_client.post(
        reverse("entities:create"), {"name": "Привет, мир", "content": "Hello"}, follow=True
    )
    assertRedirects(response, reverse("entities:detail", kwargs={"slug": "privet-mir"}))
    assertContains(response, "“Привет, мир” was created.")


def test_create_message_escapes_the_name(editor_client):
    response = editor_client.post(
        reverse("entities:create"), {"name": "<b>Bold</b>", "content": ""}, follow=True
    )
    assertContains(response, "“&lt;b&gt;Bold&lt;/b&gt;” was created.")


def test_create_without_a_name_shows_the_error(editor_client):
    response = editor_client.post(reverse("entities:create"), {"name": "", "content": "Kept"})
    assert response.context["form"].errors["name"]
    assertContains(response, "Kept")
    assert not Entity.objects.exists()


def test_name_over_200_characters_is_refused(editor_client):
    response = editor_client.post(reverse("entities:create"), {"name": "x" * 201})
    assert response.context["form"].errors["name"]
    assert not Entity.objects.exists()


def test_edit_saves_goes_to_the_same_address_with_a_message(editor_client, entity):
    url = reverse("entities:update", kwargs={"slug": entity.slug})
    response = editor_client.post(url, {"name": "Old lighthouse", "content": ""}, follow=True)
    assertRedirects(response, reverse("entities:detail", kwargs={"slug": "lighthouse"}))
    assertContains(response, "“Old lighthouse” was saved.")


def test_edit_form_shows_the_current_values(editor_client, entity):
    response = editor_client.get(reverse("entities:update", kwargs={"slug": entity.slug}))
    assert response.context["form"].initial["name"] == "Lighthouse"
    assertContains(response, 'value="Lighthouse"')


def test_delete_confirmation_counts_the_comments_that_go_with_it(editor_client, entity):
    CommentFactory.create_batch(3, entity=entity)
    response = editor_client.get(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assertContains(response, "Its 3 comments will be deleted too.")


def test_delete_confirmation_uses_the_singular_for_one_comment(editor_client, entity):
    CommentFactory(entity=entity)
    response = editor_client.get(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assertContains(response, "Its 1 comment will be deleted too.")


def test_delete_confirmation_says_when_there_are_no_comments(editor_client, entity):
    response = editor_client.get(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assertContains(response, "It has no comments.")


def test_delete_get_deletes_nothing(editor_client, entity):
    editor_client.get(reverse("entities:delete", kwargs={"slug": entity.slug}))
    assert Entity.objects.filter(pk=entity.pk).exists()


def test_delete_post_deletes_and_says_so(editor_client, entity):
    response = editor_client.post(
        reverse("entities:delete", kwargs={"slug": entity.slug}), follow=True
    )
    assertRedirects(response, reverse("entities:list"))
    assertContains(response, "“Lighthouse” was deleted.")
    assert not Entity.objects.filter(pk=entity.pk).exists()


def test_delete_of_a_missing_entity_is_not_found(editor_client):
    response = editor_client.post(reverse("entities:delete", kwargs={"slug": "gone"}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_edits_on_the_site_are_in_the_admin_history(editor_client, editor, admin_client):
    editor_client.post(reverse("entities:create"), {"name": "Lighthouse", "content": ""})
    entity = Entity.objects.get()
    url = reverse("entities:update", kwargs={"slug": entity.slug})
    editor_client.post(url, {"name": "Old lighthouse", "content": "Tall"})

    history = admin_client.get(reverse("admin:entities_entity_history", args=[entity.pk]))
    assertContains(history, "Added.")
    assertContains(history, "Changed Name and Text.")

    editor_client.post(reverse("entities:delete", kwargs={"slug": entity.slug}))
    entries = LogEntry.objects.filter(object_id=str(entity.pk)).order_by("pk")
    assert [(e.user, e.action_flag, e.object_repr) for e in entries] == [
        (editor, ADDITION, "Lighthouse"),
        (editor, CHANGE, "Old lighthouse"),
        (editor, DELETION, "Old lighthouse"),
    ]


# --- Names unique ignoring case ---------------------------------------------------


def test_create_with_a_name_differing_only_in_case_shows_the_error(editor_client, entity):
    response = editor_client.post(reverse("entities:create"), {"name": "LIGHTHOUSE"})
    assert response.context["form"].errors["name"] == [
        "An entity with this name, or with one that looks the same, already exists."
    ]
    assert Entity.objects.count() == 1


def test_rename_to_another_entity_name_in_other_case_shows_the_error(editor_client, entity):
    other = EntityFactory(name="Bakery")
    url = reverse("entities:update", kwargs={"slug": other.slug})
    response = editor_client.post(url, {"name": "lighthouse"})
    assert response.context["form"].errors["name"] == [
        "An entity with this name, or with one that looks the same, already exists."
    ]
    other.refresh_from_db()
    assert other.name == "Bakery"


def test_changing_only_the_case_of_its_own_name_is_allowed(editor_client, entity):
    url = reverse("entities:update", kwargs={"slug": entity.slug})
    editor_client.post(url, {"name": "LightHouse"})
    entity.refresh_from_db()
    assert entity.name == "LightHouse"


# --- The list: pages, comment counts, search -------------------------------------


def test_list_shows_ten_entities_a_page(client):
    EntityFactory.create_batch(11)
    response = client.get(reverse("entities:list"))
    assert len(response.context["entity_list"]) == 10
    assert response.context["page_obj"].paginator.num_pages == 2


def test_list_shows_the_newest_first(client):
    EntityFactory(name="Older")
    EntityFactory(name="Newer")
    names = [entity.name for entity in client.get(reverse("entities:list")).context["entity_list"]]
    assert names == ["Newer", "Older"]


def test_list_shows_each_entity_comment_count(client, entity):
    CommentFactory.create_batch(3, entity=entity)
    EntityFactory(name="Quiet")
    response = client.get(reverse("entities:list"))
    counts = {entity.name: entity.comment_count for entity in response.context["entity_list"]}
    assert counts == {"Lighthouse": 3, "Quiet": 0}
    assertContains(response, "3 comments")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("", 1),
        ("1.5", 1),
        ("2", 2),
        ("3", 3),
        ("999999", 3),
        (str(10**30), 3),
        (str(-(10**30)), 1),
        ("9" * 5000, 1),  # longer than Python converts to int: not a number
    ],
)
def test_any_page_number_shows_the_nearest_real_page(client, page, expected):
    EntityFactory.create_batch(25)
    # Past the end, by a redirect to the last page.
    response = client.get(reverse("entities:list"), {"page": page}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.context["page_obj"].number == expected


def test_empty_list_shows_page_one_for_any_page_number(client):
    response = client.get(reverse("entities:list"), {"page": "7"}, follow=True)
    assertContains(response, "There are no entities yet.")


def test_search_finds_names_ignoring_case(client, entity):
    EntityFactory(name="Bakery", content="Bread")
    response = client.get(reverse("entities:list"), {"q": "LIGHTHOUSE"})
    assert [e.name for e in response.context["entity_list"]] == ["Lighthouse"]


def test_search_finds_text_ignoring_case(client):
    EntityFactory(name="Bakery", content="Fresh BREAD every morning")
    EntityFactory(name="Bridge", content="Glass")
    response = client.get(reverse("entities:list"), {"q": "bread"})
    assert [e.name for e in response.context["entity_list"]] == ["Bakery"]


def test_search_finds_russian_names(client):
    EntityFactory(name="Северный маяк")
    EntityFactory(name="Рыбный рынок")
    response = client.get(reverse("entities:list"), {"q": "маяк"})
    assert [e.name for e in response.context["entity_list"]] == ["Северный маяк"]


def test_search_finds_russian_names_ignoring_case(client):
    EntityFactory(name="Северный маяк")
    EntityFactory(name="Рыбный рынок")
    response = client.get(reverse("entities:list"), {"q": "МАЯК"})
    assert [e.name for e in response.context["entity_list"]] == ["Северный маяк"]


def test_search_says_how_many_entities_match(client, entity):
    EntityFactory(name="Old lighthouse")
    EntityFactory(name="Bakery")
    response = client.get(reverse("entities:list"), {"q": "lighthouse"})
    assertContains(response, "2 entities match “lighthouse”.")


def test_search_matches_whole_words_and_every_word(client, entity):
    EntityFactory(name="Old lighthouse", content="By the harbour.")
    EntityFactory(name="Lightship")
    response = client.get(reverse("entities:list"), {"q": "harbour LIGHTHOUSE"})
    assert [e.name for e in response.context["entity_list"]] == ["Old lighthouse"]


def test_search_query_is_escaped(client):
    response = client.get(reverse("entities:list"), {"q": "<script>x</script>"})
    assert "<script>x</script>" not in response.content.decode()
    assertContains(response, "&lt;script&gt;x&lt;/script&gt;")


def test_search_says_once_when_nothing_matches(client, entity):
    response = client.get(reverse("entities:list"), {"q": "zebra"})
    assertContains(response, "Nothing matches “zebra”.", count=1)
    assertNotContains(response, "0 entities match")


def test_search_keeps_the_query_in_page_links(client):
    EntityFactory.create_batch(15, name=factory.Sequence(lambda n: f"Lighthouse {n}"))
    response = client.get(reverse("entities:list"), {"q": "lighthouse"})
    assertContains(response, 'href="?q=lighthouse&amp;page=2"')


def test_search_shows_its_newest_hundred_matches_and_says_there_are_more(client):
    EntityFactory.create_batch(101, name=factory.Sequence(lambda n: f"Lighthouse {n}"))
    response = client.get(reverse("entities:list"), {"q": "lighthouse", "page": "11"}, follow=True)
    # Page 11 is past the cap: the last page offered, with the newest matches' end.
    assert response.context["page_obj"].number == 10
    assert response.context["paginator"].num_pages == 10
    assertContains(response, "More than 100 entities match “lighthouse”; here are the newest 100.")


def test_search_with_only_spaces_shows_every_entity(client):
    EntityFactory.create_batch(2)
    response = client.get(reverse("entities:list"), {"q": "   "})
    assert len(response.context["entity_list"]) == 2


def test_search_with_a_null_character_is_not_a_server_error(client, entity):
    response = client.get(reverse("entities:list"), {"q": "light\x00house"})
    assert response.status_code == HTTPStatus.OK


# --- Comments on the entity page ------------------------------------------------


def test_entity_page_shows_twenty_comments_a_page_oldest_first(client, entity):
    comments = CommentFactory.create_batch(21, entity=entity)
    response = client.get(entity.get_absolute_url())
    shown = [int(pk) for pk in re.findall(r'id="comment-(\d+)"', response.content.decode())]
    assert shown == [comment.pk for comment in comments[:20]]


@pytest.mark.parametrize(
    ("page", "expected"),
    [("0", 1), ("-1", 1), ("abc", 1), ("", 1), ("1.5", 1), ("999999", 3), (str(10**30), 3)],
)
def test_any_comment_page_number_shows_the_nearest_real_page(client, entity, page, expected):
    comments = CommentFactory.create_batch(41, entity=entity)
    # Past the end, by a redirect to the last page.
    response = client.get(entity.get_absolute_url(), {"page": page}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, f'id="comment-{comments[(expected - 1) * 20].pk}"')


def test_comment_page_links_lead_to_the_comments(client, entity):
    CommentFactory.create_batch(21, entity=entity)
    response = client.get(entity.get_absolute_url())
    assertContains(response, 'href="?page=2#comments"')
