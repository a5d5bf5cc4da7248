"""The site's pages, each with the data that makes it look as in real use.

A scene fills the database, opens its page and returns the heading a person should see
there. Scenes find things by their text in the active language (``shown`` is ``gettext``,
under a name ``makemessages`` does not collect: these strings are the site's), so a test can
run them in Russian under ``translation.override("ru")`` with the language cookie set.
The accessibility and layout tests visit every scene; ``screenshots.py`` takes pictures of
them for the README.
"""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as shown
from django.utils.translation import pgettext as shown_in_context
from playwright.sync_api import Page, expect

from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.tests.factories import EntityFactory
from project.tests.browser.site import PASSWORD, Site

LIGHTHOUSE_TEXT = (
    "A white stone tower on the northern cape, built in 1872 and still lit every night. "
    "The keeper's house at its foot is now a small museum about the ships that passed here.\n\n"
    "Guided tours climb the 146 steps to the lantern room on weekends from May to September. "
    "Bring a jacket: the wind at the top is strong even in summer."
)
LIGHTHOUSE_COMMENTS = [
    ("Anna", "Visited last summer, well worth the trip. The view from the top is the best part."),
    ("Boris", "The museum is small but the guide knew every ship by name."),
    ("Галина", "Были здесь в прошлом году — очень понравилось. Лучше приходить утром."),
]

Scene = Callable[[Page, Site], str]


def staff_member():
    """A signed-up staff member who may do everything with entities (a superuser)."""
    return get_user_model().objects.create_superuser(username="staff", password=PASSWORD)


def lighthouse() -> Entity:
    now = timezone.now()
    entity = EntityFactory(
        name="Northern lighthouse", content=LIGHTHOUSE_TEXT, created_at=now - timedelta(days=3)
    )
    # updated_at is set on every save; make the entity look untouched since then.
    Entity.objects.filter(pk=entity.pk).update(updated_at=entity.created_at)
    for hours_ago, (name, text) in zip([30, 5, 1], LIGHTHOUSE_COMMENTS, strict=True):
        CommentFactory(
            entity=entity, name=name, content=text, created_at=now - timedelta(hours=hours_ago)
        )
    return entity


def entity_list(page: Page, site: Site) -> str:
    call_command("seed_demo", stdout=StringIO())
    page.goto(site.url("entities:list"))
    return shown("Entities")


def empty_list(page: Page, site: Site) -> str:
    page.goto(site.url("entities:list"))
    return shown("Entities")


def search_without_results(page: Page, site: Site) -> str:
    EntityFactory(name="Glass bridge")
    page.goto(site.url("entities:list", query="q=castle"))
    return shown("Entities")


def entity_detail(page: Page, site: Site) -> str:
    entity = lighthouse()
    page.goto(entity.get_absolute_url())
    return entity.name


def comment_form_with_errors(page: Page, site: Site) -> str:
    entity = lighthouse()
    page.goto(entity.get_absolute_url())
    page.get_by_role("link", name=shown("Write a comment")).click()
    page.get_by_label(shown("Your name")).fill("Dmitry")
    page.get_by_label(shown("Email")).fill("dmitry@")
    page.get_by_role("button", name=shown("Post comment")).click()
    expect(page.get_by_text(shown("Enter a valid email address."))).to_be_visible()
    return entity.name


def create_form_with_errors(page: Page, site: Site) -> str:
    EntityFactory(name="Northern lighthouse")
    site.sign_in(staff_member())
    page.goto(site.url("entities:create"))
    page.get_by_label(capfirst(shown_in_context("entity", "name"))).fill("northern LIGHTHOUSE")
    page.get_by_role("button", name=shown("Create entity")).click()
    expect(page.get_by_text(shown("An entity with this name already exists."))).to_be_visible()
    return shown("New entity")


def edit_form(page: Page, site: Site) -> str:
    entity = lighthouse()
    site.sign_in(staff_member())
    page.goto(site.url("entities:update", entity.slug))
    return shown("Edit “%(name)s”") % {"name": entity.name}


def delete_confirmation(page: Page, site: Site) -> str:
    entity = lighthouse()
    site.sign_in(staff_member())
    page.goto(site.url("entities:delete", entity.slug))
    return shown("Delete “%(name)s”?") % {"name": entity.name}


def sign_in(page: Page, site: Site) -> str:
    page.goto(site.url("account_login"))
    return shown("Sign in")


def not_found(page: Page, site: Site) -> str:
    page.goto(site.root + "/entities/no-such-entity/")
    return shown("Page not found")


def admin_entity(page: Page, site: Site) -> str:
    entity = lighthouse()
    site.sign_in(staff_member())
    page.goto(site.url("admin:entities_entity_change", entity.pk))
    return shown("Change %s") % Entity._meta.verbose_name


def sign_up(page: Page, site: Site) -> str:
    page.goto(site.url("account_signup"))
    return shown("Sign Up")  # allauth's page, its own catalogue


def password_reset(page: Page, site: Site) -> str:
    page.goto(site.url("account_reset_password"))
    return shown("Password Reset")


def own_account(page: Page, site: Site) -> str:
    lighthouse()
    site.sign_in(staff_member())
    page.goto(site.url("users:account"))
    return shown("Your account")


def email_addresses(page: Page, site: Site) -> str:
    site.sign_in(staff_member())
    page.goto(site.url("account_email"))
    return shown("Email Address")  # one address an account (ACCOUNT_CHANGE_EMAIL)


def password_change(page: Page, site: Site) -> str:
    site.sign_in(staff_member())
    page.goto(site.url("account_change_password"))
    return shown("Change Password")


def waiting_comments(page: Page, site: Site) -> str:
    lighthouse()
    site.sign_in(staff_member())  # a superuser: may moderate
    page.goto(site.url("comments:pending"))
    return shown("Comments waiting for approval")


def search_too_short(page: Page, site: Site) -> str:
    EntityFactory(name="Glass bridge")
    page.goto(site.url("entities:list"))
    page.get_by_label(shown("Search entities")).fill("br")
    page.keyboard.press("Enter")  # where htmx runs, it searches as people type anyway
    expect(
        page.get_by_text(shown("Type at least three letters or digits in a row to search."))
    ).to_be_visible()
    return shown("Entities")


def comment_posted(page: Page, site: Site) -> str:
    entity = lighthouse()
    page.goto(entity.get_absolute_url())
    page.get_by_role("link", name=shown("Write a comment")).click()
    page.get_by_label(shown("Your name")).fill("Dmitry")
    page.get_by_role("textbox", name=shown("Comment")).fill("Worth the climb.")
    page.get_by_role("button", name=shown("Post comment")).click()
    expect(page.get_by_text(shown("Thank you, your comment was posted."))).to_be_visible()
    return entity.name


# The site's own pages, by the name their screenshots get.
SCENES: dict[str, Scene] = {
    "entity-list": entity_list,
    "entity-list-empty": empty_list,
    "search-without-results": search_without_results,
    "entity-detail": entity_detail,
    "comment-form-errors": comment_form_with_errors,
    "create-form-errors": create_form_with_errors,
    "edit-form": edit_form,
    "delete-confirmation": delete_confirmation,
    "sign-in": sign_in,
    "not-found": not_found,
}
# Django's admin is checked for accessibility too, but not pictured.
# The account and moderation pages: checked by axe, not photographed.
ACCOUNT_SCENES: dict[str, Scene] = {
    "sign-up": sign_up,
    "password-reset": password_reset,
    "own-account": own_account,
    "email-addresses": email_addresses,
    "password-change": password_change,
    "waiting-comments": waiting_comments,
}
# What htmx changes in place (where JavaScript runs): checked by axe, not photographed.
IN_PLACE_SCENES: dict[str, Scene] = {
    "search-too-short": search_too_short,
    "comment-posted": comment_posted,
}
ALL_SCENES: dict[str, Scene] = {
    **SCENES,
    **ACCOUNT_SCENES,
    **IN_PLACE_SCENES,
    "admin-entity": admin_entity,
}
