"""The site's pages, each with the data that makes it look as in real use.

A scene is two steps: ``prepare`` fills the database (and signs the browser in where the
page needs it), ``visit`` opens the page, does what leads to the state shown, and returns
the heading a person should see there. A visit can be repeated on what one preparation
made, so one test visits a page in English and then in Russian without building its data
twice. Visits find things by their text in the active language (``shown`` is ``gettext``,
under a name ``makemessages`` does not collect: these strings are the site's), so they run
in Russian under ``translation.override("ru")`` with the language cookie set.
The accessibility test visits every scene; ``screenshots.py`` takes pictures of them for
the README.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as shown
from django.utils.translation import pgettext as shown_in_context
from playwright.sync_api import Page, expect

from comments.models import Comment
from comments.tests.factories import CommentFactory
from entities.models import Entity
from entities.names import MIXED_SCRIPTS_MESSAGE
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


def nothing(site: Site) -> None:
    """The preparation of a page that needs no data."""


@dataclass(frozen=True)
class Scene:
    """A page in a state: ``prepare(site)`` once, then ``visit(page, site, prepared)`` in
    each language; calling the scene does both once."""

    visit: Callable[[Page, Site, Any], str]
    prepare: Callable[[Site], Any] = nothing

    def __call__(self, page: Page, site: Site) -> str:
        return self.visit(page, site, self.prepare(site))


def staff_member():
    """A signed-up staff member who may do everything with entities (a superuser)."""
    return get_user_model().objects.create_superuser(
        username="staff", name="Sam Keeper", password=PASSWORD
    )


def lighthouse(site: Site) -> Entity:
    """An entity with a long text and three comments, one of them in Russian."""
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


def staff_signed_in(site: Site) -> None:
    site.sign_in(staff_member())


def lighthouse_and_staff_signed_in(site: Site) -> Entity:
    entity = lighthouse(site)
    staff_signed_in(site)
    return entity


def lighthouse_moderated_and_staff_signed_in(site: Site) -> Entity:
    """The lighthouse with a hidden comment and one waiting for approval, as staff see
    it: every moderation button shows."""
    entity = lighthouse(site)
    for name, text, status in [
        ("Viktor", "Cheap ferry tickets on my site!", Comment.Status.HIDDEN),
        ("Dora", "Is the lantern room open in October?", Comment.Status.PENDING),
    ]:
        CommentFactory(entity=entity, name=name, content=text, status=status)
    staff_signed_in(site)
    return entity


def member():
    """A signed-up member without any permission, with a confirmed address."""
    person = get_user_model().objects.create_user(
        username="dmitry", name="Dmitry", email="dmitry@example.com", password=PASSWORD
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def member_signed_in(site: Site) -> None:
    site.sign_in(member())


def lighthouse_and_writer_signed_in(site: Site) -> Entity:
    """The lighthouse with a comment its writer, signed in, may still edit or delete."""
    entity = lighthouse(site)
    writer = member()
    CommentFactory(entity=entity, user=writer, name=writer.name, content="Worth the climb.")
    site.sign_in(writer)
    return entity


def writers_comment_signed_in(site: Site) -> Comment:
    return Comment.objects.get(entity=lighthouse_and_writer_signed_in(site), user__isnull=False)


def lighthouse_and_member_signed_in(site: Site) -> Entity:
    """The lighthouse, and a member signed in who wrote none of its comments."""
    entity = lighthouse(site)
    member_signed_in(site)
    return entity


def demo_data(site: Site) -> None:
    call_command("seed_demo", stdout=StringIO())


def demo_data_and_member_signed_in(site: Site) -> None:
    demo_data(site)
    member_signed_in(site)


def demo_data_and_staff_signed_in(site: Site) -> None:
    demo_data(site)
    staff_signed_in(site)


def address_to_confirm(site: Site) -> str:
    """The key of the link in the mail sent to confirm a new member's address."""
    person = get_user_model().objects.create_user(username="eva", email="eva@example.com")
    address = EmailAddress.objects.create(user=person, email=person.email, primary=True)
    return EmailConfirmationHMAC(address).key


def password_to_reset(site: Site) -> str:
    """The address of the link in the mail sent to reset a member's password."""
    person = member()
    key = {"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)}
    return reverse("account_reset_password_from_key", kwargs=key)


def glass_bridge(site: Site) -> None:
    EntityFactory(name="Glass bridge")


def open_list(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:list"))
    return shown("Entities")


def search_without_results(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:list", query="q=castle"))
    return shown("Entities")


def search_results(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:list", query="q=lighthouse"))
    expect(page.get_by_role("main").get_by_role("heading", level=2).first).to_be_visible()
    return shown("Entities")


def entity_detail(page: Page, site: Site, entity: Entity) -> str:
    page.goto(entity.get_absolute_url())
    return entity.name


def comment_form_with_errors(page: Page, site: Site, entity: Entity) -> str:
    page.goto(entity.get_absolute_url())
    page.get_by_role("link", name=shown("Write a comment")).click()
    page.get_by_label(shown("Your name")).fill("Dmitry")
    page.get_by_label(shown("Email")).fill("dmitry@")
    page.get_by_role("button", name=shown("Post comment")).click()
    expect(page.get_by_text(shown("Enter a valid email address."))).to_be_visible()
    return entity.name


def lighthouse_taken_and_staff_signed_in(site: Site) -> None:
    EntityFactory(name="Northern lighthouse")
    staff_signed_in(site)


def create_form_with_errors(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:create"))
    page.get_by_label(capfirst(shown_in_context("entity", "name"))).fill("northern LIGHTHOUSE")
    page.get_by_role("button", name=shown("Create entity")).click()
    expect(
        page.get_by_text(
            shown("An entity with this name, or with one that looks the same, already exists.")
        )
    ).to_be_visible()
    return shown("New entity")


def edit_form(page: Page, site: Site, entity: Entity) -> str:
    page.goto(site.url("entities:update", entity.slug))
    return shown("Edit “%(name)s”") % {"name": entity.name}


def delete_confirmation(page: Page, site: Site, entity: Entity) -> str:
    page.goto(site.url("entities:delete", entity.slug))
    return shown("Delete “%(name)s”?") % {"name": entity.name}


def sign_in(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_login"))
    return shown("Sign in")


def not_found(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.root + "/entities/no-such-entity/")
    return shown("Page not found")


def admin_entity(page: Page, site: Site, entity: Entity) -> str:
    page.goto(site.url("admin:entities_entity_change", entity.pk))
    return shown("Change %s") % Entity._meta.verbose_name


def sign_up(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_signup"))
    return shown("Sign Up")  # allauth's page, its own catalogue


def password_reset(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_reset_password"))
    return shown("Password Reset")


def own_account(page: Page, site: Site, prepared: Entity) -> str:
    page.goto(site.url("users:account"))
    return shown("Your account")


def name_refused(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("users:account"))
    page.get_by_label(shown("Your name")).fill("\u0410nn")  # a Cyrillic A
    page.get_by_role("button", name=shown("Save")).click()
    expect(page.get_by_text(str(MIXED_SCRIPTS_MESSAGE) % {"word": "\u0410nn"})).to_be_visible()
    return shown("Your account")


def email_addresses(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_email"))
    return shown("Email Address")  # one address an account (ACCOUNT_CHANGE_EMAIL)


def password_change(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_change_password"))
    return shown("Change Password")


def waiting_comments(page: Page, site: Site, prepared: Entity) -> str:
    # The staff member is a superuser: may moderate.
    page.goto(site.url("comments:pending"))
    return shown("Comments waiting for approval")


def search_too_short(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:list"))
    page.get_by_label(shown("Search entities")).fill("br")
    page.keyboard.press("Enter")  # where htmx runs, it searches as people type anyway
    expect(
        page.get_by_text(shown("Type at least three letters or digits in a row to search."))
    ).to_be_visible()
    return shown("Entities")


def comment_posted(page: Page, site: Site, entity: Entity) -> str:
    page.goto(entity.get_absolute_url())
    page.get_by_role("link", name=shown("Write a comment")).click()
    page.get_by_label(shown("Your name")).fill("Dmitry")
    page.get_by_role("textbox", name=shown("Comment")).fill("Worth the climb.")
    page.get_by_role("button", name=shown("Post comment")).click()
    expect(page.get_by_text(shown("Thank you, your comment was posted."))).to_be_visible()
    return entity.name


def comment_edit(page: Page, site: Site, comment: Comment) -> str:
    page.goto(site.url("comments:update", comment.entity.slug, comment.pk))
    return shown("Edit your comment")


def comment_delete(page: Page, site: Site, comment: Comment) -> str:
    page.goto(site.url("comments:delete", comment.entity.slug, comment.pk))
    return shown("Delete your comment?")


def someone_elses_comment(page: Page, site: Site, entity: Entity) -> str:
    comment = entity.comments.first()
    page.goto(site.url("comments:update", entity.slug, comment.pk))
    return shown("Not allowed")


def not_allowed(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("entities:create"))  # a member may not add entities
    return shown("Not allowed")


def too_many_requests(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("too_many_requests"))
    return shown("Too many requests")


def password_reset_done(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_reset_password_done"))
    return shown("Check your email")


def password_reset_from_key(page: Page, site: Site, address: str) -> str:
    page.goto(site.root + address)  # allauth moves the key to the session and redirects
    return shown("Change Password")


def password_reset_from_key_done(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_reset_password_from_key_done"))
    return shown("Your password is changed")


def verification_sent(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_email_verification_sent"))
    return shown("Verify Your Email Address")


def email_confirmation(page: Page, site: Site, key: str) -> str:
    page.goto(site.url("account_confirm_email", key))
    return shown("Confirm Email Address")


def sign_out(page: Page, site: Site, prepared: None) -> str:
    page.goto(site.url("account_logout"))
    return shown("Sign Out")


# The site's own pages, by the name their screenshots get.
SCENES: dict[str, Scene] = {
    "entity-list": Scene(open_list, demo_data),
    "entity-list-empty": Scene(open_list),
    "search-without-results": Scene(search_without_results, glass_bridge),
    "entity-detail": Scene(entity_detail, lighthouse),
    "comment-form-errors": Scene(comment_form_with_errors, lighthouse),
    "create-form-errors": Scene(create_form_with_errors, lighthouse_taken_and_staff_signed_in),
    "edit-form": Scene(edit_form, lighthouse_and_staff_signed_in),
    "delete-confirmation": Scene(delete_confirmation, lighthouse_and_staff_signed_in),
    "sign-in": Scene(sign_in),
    "not-found": Scene(not_found),
}
# Django's admin is checked for accessibility too, but not pictured.
# The account and moderation pages, the error pages, and the list, an entity and a
# comment as a member or staff see them: checked by axe; screenshots.py pictures two.
ACCOUNT_SCENES: dict[str, Scene] = {
    "sign-up": Scene(sign_up),
    "password-reset": Scene(password_reset),
    "own-account": Scene(own_account, lighthouse_and_staff_signed_in),
    "own-account-name-refused": Scene(name_refused, staff_signed_in),
    "entity-detail-signed-in": Scene(entity_detail, lighthouse_and_writer_signed_in),
    "entity-detail-staff": Scene(entity_detail, lighthouse_moderated_and_staff_signed_in),
    "email-addresses": Scene(email_addresses, staff_signed_in),
    "password-change": Scene(password_change, staff_signed_in),
    "waiting-comments": Scene(waiting_comments, lighthouse_moderated_and_staff_signed_in),
    "entity-list-signed-in": Scene(open_list, demo_data_and_member_signed_in),
    "entity-list-staff": Scene(open_list, demo_data_and_staff_signed_in),
    "search-results": Scene(search_results, lighthouse),
    "comment-edit": Scene(comment_edit, writers_comment_signed_in),
    "comment-delete": Scene(comment_delete, writers_comment_signed_in),
    "comment-not-yours": Scene(someone_elses_comment, lighthouse_and_member_signed_in),
    "not-allowed": Scene(not_allowed, member_signed_in),
    "too-many-requests": Scene(too_many_requests),
    "password-reset-done": Scene(password_reset_done),
    "password-reset-from-key": Scene(password_reset_from_key, password_to_reset),
    "password-reset-from-key-done": Scene(password_reset_from_key_done),
    "verification-sent": Scene(verification_sent),
    "email-confirmation": Scene(email_confirmation, address_to_confirm),
    "sign-out": Scene(sign_out, member_signed_in),
}
# What htmx changes in place (where JavaScript runs): checked by axe, not photographed.
IN_PLACE_SCENES: dict[str, Scene] = {
    "search-too-short": Scene(search_too_short, glass_bridge),
    # Each visit posts a comment of its own: the page after a post, in either language.
    "comment-posted": Scene(comment_posted, lighthouse),
}
ALL_SCENES: dict[str, Scene] = {
    **SCENES,
    **ACCOUNT_SCENES,
    **IN_PLACE_SCENES,
    "admin-entity": Scene(admin_entity, lighthouse_and_staff_signed_in),
}
