"""The site in English and Russian: language choice, the switcher, plurals, dates
and a guard against strings that were never marked for translation."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from http import HTTPStatus

import factory
import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-для-тестов-123"


@pytest.fixture(autouse=True)
def _restore_active_language():
    """LocaleMiddleware leaves the request's language active in this thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


# --- Reading pages as a person sees them -------------------------------------

# Attributes whose text people see or hear (tooltips, placeholders, screen readers).
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class VisibleText(HTMLParser):
    """The text of a page that people see or hear, in the page's own language.

    Text inside an element with another ``lang`` (the switcher's "Русский" on an
    English page) is left out: it is meant to be in that language.
    """

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.page_language = ""
        self._stack: list[tuple[str, str | None]] = []

    def _language(self) -> str:
        return next((lang for _, lang in reversed(self._stack) if lang), self.page_language)

    def _hidden(self, own_language: str | None = None) -> bool:
        language = own_language or self._language()
        return any(tag in {"script", "style"} for tag, _ in self._stack) or (
            language.split("-")[0] != self.page_language.split("-")[0]
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang") or ""
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, attributes.get("lang")))
        if self._hidden(attributes.get("lang")):
            return
        self.chunks.extend(value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value)
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.chunks.append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.chunks.append(data)


def latin_words(text: str) -> set[str]:
    """Words in Latin letters, two or more, lower-cased."""
    return {word.lower() for word in re.findall(r"[A-Za-z]{2,}", text)}


def visible_words(response: HttpResponse) -> set[str]:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return latin_words(" ".join(parser.chunks))


def page_language(response: HttpResponse) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser.page_language


# --- The pages ---------------------------------------------------------------


@pytest.fixture
def site(django_user_model) -> dict:
    """Data written in Russian, so no English word on a page can come from it."""
    staff = django_user_model.objects.create_superuser(
        username="редактор", password=PASSWORD, email=""
    )
    reader = django_user_model.objects.create_user(username="читатель", password=PASSWORD)
    entity = EntityFactory(
        name="Северный маяк",
        content="Старый маяк на мысе.\nОткрыт летом.",
        created_at=datetime(2024, 3, 5, 14, 30, tzinfo=UTC),
    )
    # Enough for a second page of entities and of comments.
    for number in range(11):
        EntityFactory(name=f"Маяк номер {number}", content="Ещё один маяк.")
    for number in range(25):
        CommentFactory(entity=entity, name="Галина", email="", content=f"Отзыв {number}")
    return {"staff": staff, "reader": reader, "entity": entity}


def data_words() -> set[str]:
    """Latin words that come from the data (slugs are transliterated names)."""
    values = [*Entity.objects.values_list("name", "slug", "content")]
    values += [*Comment.objects.values_list("name", "email", "content")]
    return latin_words(" ".join(str(value) for row in values for value in row))


def entity_url(name: str, site: dict, **query: str) -> str:
    url = reverse(name, kwargs={"slug": site["entity"].slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def render_server_error(client: Client, site: dict, language: str) -> HttpResponse:
    """The 500 page as Django renders it: without a request context."""
    with translation.override(language):
        return defaults.server_error(RequestFactory().get("/"))


def render_bad_request(client: Client, site: dict, language: str) -> HttpResponse:
    with translation.override(language):
        request = RequestFactory().get("/")
        request.user = site["reader"]
        return defaults.bad_request(request, Exception())


def too_many_sign_ups(client: Client, site: dict, language: str) -> HttpResponse:
    """allauth's 429 page: a sign-up over the limit."""
    with override_settings(ACCOUNT_RATE_LIMITS={"signup": "1/h/ip"}):
        client.post(reverse("account_signup"), {}, REMOTE_ADDR="192.0.2.1")
        return client.post(
            reverse("account_signup"),
            {},
            REMOTE_ADDR="192.0.2.1",
            headers={"accept-language": language},
        )


PageGetter = Callable[[Client, dict, str], HttpResponse]


def get(path: Callable[[dict], str], who: str = "staff", **kwargs) -> PageGetter:
    def page(client: Client, site: dict, language: str) -> HttpResponse:
        if who != "anonymous":
            client.force_login(site[who])
        return client.get(path(site), headers={"accept-language": language}, **kwargs)

    return page


def post(path: Callable[[dict], str], data: dict, who: str = "staff", **kwargs) -> PageGetter:
    def page(client: Client, site: dict, language: str) -> HttpResponse:
        if who != "anonymous":
            client.force_login(site[who])
        return client.post(path(site), data, headers={"accept-language": language}, **kwargs)

    return page


def csrf_failure(client: Client, site: dict, language: str) -> HttpResponse:
    strict = Client(enforce_csrf_checks=True)
    return strict.post(reverse("account_login"), {}, headers={"accept-language": language})


def comment_without_csrf_token(client: Client, site: dict, language: str) -> HttpResponse:
    """Refused: Django's 403 in the site's look."""
    strict = Client(enforce_csrf_checks=True)
    return strict.post(
        entity_url("comments:create", site),
        {"name": "Олег", "content": "Спасибо"},
        headers={"accept-language": language},
    )


def empty_list(client: Client, site: dict, language: str) -> HttpResponse:
    Entity.objects.all().delete()
    return get(lambda s: reverse("entities:list"))(client, site, language)


PAGES: dict[str, PageGetter] = {
    "entity list": get(lambda s: reverse("entities:list")),
    "entity list, page 2": get(lambda s: reverse("entities:list") + "?page=2"),
    "entity list, anonymous": get(lambda s: reverse("entities:list"), who="anonymous"),
    "empty entity list": empty_list,
    "search with results": get(lambda s: reverse("entities:list") + "?q=маяк"),
    "search without results": get(lambda s: reverse("entities:list") + "?q=ничего"),
    "entity detail": get(lambda s: entity_url("entities:detail", s)),
    "entity detail, comment page 2": get(lambda s: entity_url("entities:detail", s, page="2")),
    "comment form": get(lambda s: entity_url("comments:create", s), who="anonymous"),
    "comment form with errors": post(lambda s: entity_url("comments:create", s), {}),
    "comment posted": post(
        lambda s: entity_url("comments:create", s),
        {"name": "Олег", "content": "Спасибо"},
        follow=True,
    ),
    "create form": get(lambda s: reverse("entities:create")),
    "create form with errors": post(lambda s: reverse("entities:create"), {"name": ""}),
    "entity created": post(
        lambda s: reverse("entities:create"), {"name": "Южный маяк"}, follow=True
    ),
    "edit form": get(lambda s: entity_url("entities:update", s)),
    "entity saved": post(
        lambda s: entity_url("entities:update", s),
        {"name": "Северный маяк", "content": "Новый текст"},
        follow=True,
    ),
    "delete confirmation": get(lambda s: entity_url("entities:delete", s)),
    "entity deleted": post(lambda s: entity_url("entities:delete", s), {}, follow=True),
    "login": get(lambda s: reverse("account_login"), who="anonymous"),
    "login for a page": get(
        lambda s: reverse("account_login") + "?next=/entities/new/", who="anonymous"
    ),
    "login failed": post(
        lambda s: reverse("account_login"),
        {"login": "никто", "password": "неверный"},
        who="anonymous",
    ),
    "sign-up": get(lambda s: reverse("account_signup"), who="anonymous"),
    "password reset": get(lambda s: reverse("account_reset_password"), who="anonymous"),
    "password reset sent": get(lambda s: reverse("account_reset_password_done"), who="anonymous"),
    "password changed": get(
        lambda s: reverse("account_reset_password_from_key_done"), who="anonymous"
    ),
    "account": get(lambda s: reverse("users:account"), who="reader"),
    "waiting comments": get(lambda s: reverse("comments:pending")),
    "403": get(lambda s: reverse("entities:create"), who="reader"),
    "403 form expired": csrf_failure,
    "403 another person's comment": get(
        lambda s: reverse("comments:update", args=[s["entity"].slug, Comment.objects.first().pk]),
        who="reader",
    ),
    "comment sent without a CSRF token": comment_without_csrf_token,
    "404": get(lambda s: "/entities/net-takoi/edit/"),
    "429": too_many_sign_ups,
    "400": render_bad_request,
    "500": render_server_error,
    "admin index": get(lambda s: reverse("admin:index")),
    "admin entity list": get(lambda s: reverse("admin:entities_entity_changelist")),
    "admin entity form": get(
        lambda s: reverse("admin:entities_entity_change", args=[s["entity"].pk])
    ),
    "admin comment list": get(lambda s: reverse("admin:comments_comment_changelist")),
}

# Words that stay in Latin letters in Russian too: a name, and the time zone's.
PROPER_NAMES = {"django", "utc"}
# Django's own admin/search_form.html has alt="Search" on the search icon, not
# marked for translation; it is not ours to fix.
DJANGO_ADMIN_UNTRANSLATED = {"search"}


def render(page: PageGetter, site: dict, language: str) -> HttpResponse:
    """The page in ``language``, rolling back anything the request wrote, so
    both languages render the same state (pages that create or delete)."""
    with transaction.atomic():
        response = page(Client(), site, language)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name", PAGES)
def test_russian_page_has_no_english_word_left(name: str, site: dict):
    english = render(PAGES[name], site, "en")
    russian = render(PAGES[name], site, "ru")

    english_words = visible_words(english) - data_words() - PROPER_NAMES
    if name.startswith("admin"):
        english_words -= DJANGO_ADMIN_UNTRANSLATED
    assert english_words, "the English page should have English text to compare with"
    assert page_language(russian) == "ru"
    assert visible_words(russian) & english_words == set()


# --- Each page speaks the visitor's language ---------------------------------

HEADINGS = {
    "entity list": ("All entities", "Все сущности"),
    "entity detail": ("Add a comment", "Оставить комментарий"),
    "create form": ("Create entity", "Создать сущность"),
    "edit form": ("Save changes", "Сохранить изменения"),
    "delete confirmation": ("Yes, delete it", "Да, удалить"),
    "login": ("Sign in", "Войти"),
    "403": ("Not allowed", "Доступ запрещён"),
    "403 form expired": ("The form has expired", "Срок действия формы истёк"),
    "404": ("Page not found", "Страница не найдена"),
    "429": ("Too many requests", "Слишком много запросов"),
    "500": ("Something went wrong", "Что-то пошло не так"),
    "admin index": ("Site administration", "Администрирование сайта"),
}


@pytest.mark.parametrize(
    ("name", "language"), [(n, lang) for n in HEADINGS for lang in ["en", "ru"]]
)
def test_page_shows_the_language_the_browser_asks_for(name: str, language: str, site, client):
    response = PAGES[name](client, site, language)
    english, russian = HEADINGS[name]
    expected, other = (english, russian) if language == "en" else (russian, english)
    text = response.content.decode()
    assert expected in text
    assert other not in text


def test_admin_shows_model_names_in_russian(admin_client: Client):
    response = admin_client.get(reverse("admin:index"), headers={"accept-language": "ru"})
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert ">Сущности<" in text
    assert ">Комментарии<" in text


def test_regional_russian_is_russian(client: Client):
    response = client.get(
        reverse("entities:list"), headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.8"}
    )
    assert page_language(response) == "ru"


def test_language_the_site_does_not_speak_falls_back_to_english(client: Client):
    response = client.get(reverse("entities:list"), headers={"accept-language": "de-DE,de"})
    assert page_language(response) == "en"


def test_pages_vary_by_language_for_caches(client: Client):
    response = client.get(reverse("entities:list"), headers={"accept-language": "ru"})
    assert "Accept-Language" in response["Vary"]


# --- The switcher ------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: action, and the named buttons and hidden inputs in each."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action"), "fields": []})
        elif tag in {"button", "input"} and self.forms and attributes.get("name"):
            self.forms[-1]["fields"].append(attributes)


def language_switcher(response: HttpResponse) -> dict:
    parser = Forms()
    parser.feed(response.content.decode())
    (switcher,) = [form for form in parser.forms if form["action"] == reverse("set_language")]
    return switcher


def test_navigation_offers_every_language_by_its_own_name(client: Client):
    switcher = language_switcher(client.get(reverse("entities:list")))
    buttons = {
        field["value"]: field.get("lang")
        for field in switcher["fields"]
        if field["name"] == "language" and field.get("type") == "submit"
    }
    assert buttons == {code: code for code, _ in settings.LANGUAGES}


def test_switcher_returns_to_the_same_page(client: Client):
    EntityFactory.create_batch(11, name=factory.Sequence(lambda n: f"Маяк {n}"))
    path = reverse("entities:list") + "?q=%D0%BC%D0%B0%D1%8F%D0%BA&page=2"
    switcher = language_switcher(client.get(path))
    (next_field,) = [field for field in switcher["fields"] if field["name"] == "next"]
    response = client.post(switcher["action"], {"language": "ru", "next": next_field["value"]})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == path


def test_chosen_language_wins_over_the_browser_and_is_remembered(client: Client):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    cookie = client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ru"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 30
    response = client.get(reverse("entities:list"), headers={"accept-language": "en"})
    assert page_language(response) == "ru"
    assert "Все сущности" in response.content.decode()


def test_switching_back_to_english(client: Client):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("entities:list"), headers={"accept-language": "ru"})
    assert page_language(response) == "en"


def test_current_language_is_marked_in_the_switcher(client: Client):
    switcher = language_switcher(
        client.get(reverse("entities:list"), headers={"accept-language": "ru"})
    )
    current = [field["value"] for field in switcher["fields"] if field.get("aria-current")]
    assert current == ["ru"]


# --- Plurals and dates -------------------------------------------------------

PLURALS = [
    (1, "1 comment", "1 комментарий"),
    (2, "2 comments", "2 комментария"),
    (5, "5 comments", "5 комментариев"),
    (11, "11 comments", "11 комментариев"),
    (21, "21 comments", "21 комментарий"),
]


@pytest.mark.parametrize(("count", "english", "russian"), PLURALS)
@pytest.mark.parametrize("url_name", ["entities:list", "entities:detail"])
def test_comment_count_uses_the_language_plural_form(
    client: Client, url_name: str, count: int, english: str, russian: str
):
    entity = EntityFactory(name="Маяк")
    CommentFactory.create_batch(count, entity=entity)
    url = reverse(url_name, kwargs={"slug": entity.slug} if url_name == "entities:detail" else {})
    for language, expected in [("en", english), ("ru", russian)]:
        text = client.get(url, headers={"accept-language": language}).content.decode()
        assert expected in " ".join(text.split())


def test_dates_are_written_the_russian_way_with_their_zone(client: Client):
    entity = EntityFactory(name="Маяк", created_at=datetime(2024, 3, 5, 14, 30, tzinfo=UTC))
    response = client.get(entity.get_absolute_url(), headers={"accept-language": "ru"})
    text = response.content.decode()
    # In full, true however long the page is cached and wherever its reader is; the
    # browser says "… назад".
    assert 'title="5 марта 2024 г. 14:30 UTC" data-ago>5 марта 2024 г. 14:30 UTC</time>' in text


def test_dates_are_written_the_english_way_with_their_zone(client: Client):
    entity = EntityFactory(name="Маяк", created_at=datetime(2024, 3, 5, 14, 30, tzinfo=UTC))
    response = client.get(entity.get_absolute_url(), headers={"accept-language": "en"})
    text = response.content.decode()
    full = "March 5, 2024, 2:30 p.m. UTC"
    assert f'title="{full}" data-ago>{full}</time>' in text


def test_dates_say_the_zone_the_site_is_set_to(client: Client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    entity = EntityFactory(name="Маяк", created_at=datetime(2024, 3, 5, 14, 30, tzinfo=UTC))
    response = client.get(entity.get_absolute_url(), headers={"accept-language": "en"})
    assert "March 5, 2024, 5:30 p.m. MSK</time>" in response.content.decode()


def test_success_message_is_translated(client: Client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("entities:create"),
        {"name": "Южный маяк"},
        headers={"accept-language": "ru"},
        follow=True,
    )
    assert "Сущность «Южный маяк» создана." in response.content.decode()


def test_form_errors_are_translated(client: Client):
    entity = EntityFactory(name="Маяк")
    response = client.post(
        reverse("comments:create", kwargs={"slug": entity.slug}),
        {},
        headers={"accept-language": "ru"},
    )
    assert "Обязательное поле." in response.content.decode()
