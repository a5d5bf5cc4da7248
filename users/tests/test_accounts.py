"""Sign-up, confirmation, sign-in, password reset and the account page."""

import re
import socket
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError
from django.urls import reverse
from django_tasks import default_task_backend

from comments.tests.factories import CommentFactory
from entities.tests.factories import EntityFactory
from project.tests.subprocesses import caches_for, run_django

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"


def sign_up(client, email="ann@example.com", name="Ann", **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "name": name, "password1": PASSWORD, "password2": PASSWORD},
        **extra,
    )


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_the_user_model_is_the_users_apps():
    assert get_user_model()._meta.label == "users.User"


def test_sign_up_sends_a_confirmation_link_by_the_task(client):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    [message] = mail.outbox
    assert message.to == ["ann@example.com"]
    assert "/accounts/confirm-email/" in link_in(message)
    user = get_user_model().objects.get(email="ann@example.com")
    assert user.name == "Ann"
    assert not EmailAddress.objects.get(user=user).verified


def test_sign_up_leaves_its_mail_to_the_task(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    sign_up(client)

    assert mail.outbox == []
    [queued] = default_task_backend.results
    assert queued.args[0]["to"] == ["ann@example.com"]


def test_djangos_own_mail_goes_by_the_task_too(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    send_mail("Hello", "Body", None, ["ann@example.com"])

    assert mail.outbox == []
    [queued] = default_task_backend.results
    assert queued.args[0]["subject"] == "Hello"


def test_the_confirmation_link_confirms_and_signs_in(client):
    sign_up(client)
    link = link_in(mail.outbox[0])

    response = client.post(link)

    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(email="ann@example.com").verified
    assert client.get(reverse("users:account")).status_code == HTTPStatus.OK


def test_an_unconfirmed_address_cannot_sign_in_and_is_sent_a_new_link(client):
    sign_up(client)
    mail.outbox.clear()
    client.cookies.clear()
    cache.clear()  # allauth's cooldown between two links to one address

    response = client.post(
        reverse("account_login"), {"login": "ann@example.com", "password": PASSWORD}
    )

    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert "/accounts/confirm-email/" in link_in(mail.outbox[0])


def test_staff_without_an_address_to_confirm_sign_in_by_user_name(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", PASSWORD)

    response = client.post(reverse("account_login"), {"login": "boss", "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert "_auth_user_id" in client.session


def test_a_confirmed_address_signs_in_with_the_sign_in_form(client):
    sign_up(client)
    EmailAddress.objects.update(verified=True)
    response = client.post(
        reverse("account_login"), {"login": "ANN@example.com", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "_auth_user_id" in client.session


def test_signing_up_again_with_a_taken_address_says_the_same(client):
    first = sign_up(client, email="ann@example.com")
    client.cookies.clear()
    second = sign_up(client, email="ANN@Example.com", name="Someone else")

    assert second.status_code == first.status_code == HTTPStatus.FOUND
    assert second.url == first.url
    assert get_user_model().objects.count() == 1
    # The owner of the address is told, not the person who typed it.
    assert mail.outbox[-1].to == ["ann@example.com"]


def test_signing_up_with_a_taken_address_hashes_a_password_as_a_new_one_does(client, monkeypatch):
    # The time the answer takes must not tell whether the address has an account.
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda *args: hashed.append(1) or encode(*args)
    )
    sign_up(client, email="ann@example.com")
    new = len(hashed)
    client.cookies.clear()
    sign_up(client, email="ann@example.com", name="Someone else")

    assert new >= 1
    assert len(hashed) - new == new


def test_the_database_refuses_one_address_twice_in_any_case(django_user_model):
    django_user_model.objects.create_user(username="a", email="ann@example.com")
    with pytest.raises(IntegrityError):
        django_user_model.objects.create_user(username="b", email="Ann@Example.COM")


def test_password_reset_sends_a_link_that_works(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="ann", email="ann@example.com", password="old-pass-phrase-1"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(reverse("account_reset_password"), {"email": "ann@example.com"})
    assert response.status_code == HTTPStatus.FOUND
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == HTTPStatus.OK
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(set_url, {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_reset_mail_sent_page_says_it_once_and_leads_to_sign_in(client):
    response = client.post(reverse("account_reset_password"), {"email": "ann@example.com"})
    text = client.get(response.url).content.decode()
    assert "<h1" in text and "Check your email" in text
    assert text.count("spam") == 1
    assert f'href="{reverse("account_login")}">Sign in</a>' in text


def test_the_password_changed_page_leads_to_sign_in(client):
    text = client.get(reverse("account_reset_password_from_key_done")).content.decode()
    assert "Your password is changed" in text
    assert f'href="{reverse("account_login")}">Sign in</a>' in text


def test_a_single_form_error_is_a_sentence_not_a_list(client):
    response = client.post(reverse("account_login"), {"login": "ann", "password": "wrong"})
    text = " ".join(response.content.decode().split())
    error = "The username and/or password you specified are not correct."
    assert f'<div class="alert alert-block alert-danger"> {error} </div>' in text


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_reset_password_done")


@pytest.mark.parametrize(
    ("url_name", "action", "data"),
    [
        ("account_signup", "signup", None),
        ("account_reset_password", "reset_password", {"email": "x@example.com"}),
    ],
)
def test_sign_up_and_reset_are_limited_per_address(client, settings, url_name, action, data):
    settings.ACCOUNT_RATE_LIMITS = {action: "2/h/ip"}
    for n in range(3):
        post = data or {
            "email": f"p{n}@example.com",
            "name": "P",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        response = client.post(reverse(url_name), post, REMOTE_ADDR="203.0.113.7")
        client.logout()
    other = client.post(reverse(url_name), post, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many requests" in response.content.decode()
    assert "navbar" in response.content.decode()  # the site's look
    assert other.status_code == HTTPStatus.FOUND


def test_sign_ups_behind_the_proxy_are_counted_per_visitor(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/h/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        sign_up(
            client, email=f"p{n}@example.com", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address
        ).status_code
        for n, address in enumerate(["203.0.113.7", "198.51.100.9"])
    ]

    assert statuses == [HTTPStatus.FOUND] * 2


def test_allauth_counts_the_visitor_behind_the_proxy_the_deploy_sets():
    # docs/deploy.md sets TRUSTED_PROXY_COUNT=1 behind nginx.
    code = (
        "from django.test import RequestFactory; "
        "from allauth.account.adapter import get_adapter; "
        "request = RequestFactory().get('/', REMOTE_ADDR='10.0.0.1', "
        "HTTP_X_FORWARDED_FOR='203.0.113.7'); "
        "print(get_adapter().get_client_ip(request))"
    )

    result = run_django(code, TRUSTED_PROXY_COUNT="1")

    assert result.stdout.split() == ["203.0.113.7"], result.stderr


def test_a_name_typed_at_sign_up_follows_the_names_rule(client):
    # A Latin "A" in a Cyrillic word, and an invisible space.
    response = sign_up(client, name="Aнна\u200b")

    assert response.status_code == HTTPStatus.OK
    assert not get_user_model().objects.exists()
    assert "name" in response.context["form"].errors


def test_a_name_typed_at_sign_up_shows_on_public_comments_by_the_names_rule(client):
    # The probe's name: a right-to-left override, a name and a Braille blank.
    sign_up(client, name="\u202eStaff Person\u2800")
    client.post(link_in(mail.outbox[0]))  # confirmed, and signed in
    entity = EntityFactory(name="Lighthouse")
    client.post(reverse("comments:create", args=[entity.slug]), {"content": "Hello"})
    client.logout()

    page = client.get(entity.get_absolute_url()).content.decode()

    assert "Staff Person</strong>" in page
    assert "\u202e" not in page
    assert "\u2800" not in page


def test_a_name_typed_at_sign_up_is_kept_in_its_normal_form(client):
    sign_up(client, name="  Ann   Lee ")

    assert get_user_model().objects.get().name == "Ann Lee"


@pytest.fixture
def redis_down(settings):
    """The caches the settings make for a REDIS_URL whose Redis is down."""
    with socket.socket() as never_listening:
        never_listening.bind(("127.0.0.1", 0))
        port = never_listening.getsockname()[1]
        settings.CACHES = caches_for(REDIS_URL=f"redis://127.0.0.1:{port}/0")
        yield


def test_sign_up_succeeds_while_redis_is_down(client, redis_down):
    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert get_user_model().objects.filter(email="ann@example.com").exists()


def test_password_reset_succeeds_while_redis_is_down(client, redis_down):
    response = client.post(reverse("account_reset_password"), {"email": "ann@example.com"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_reset_password_done")


def test_pages_are_served_while_redis_is_down(client, redis_down):
    assert client.get(reverse("entities:list")).status_code == HTTPStatus.OK


def test_the_mail_server_down_does_not_fail_the_sign_up(client, settings, caplog):
    settings.EMAIL_SENDING_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    response = sign_up(client)

    assert response.status_code == HTTPStatus.FOUND
    assert get_user_model().objects.filter(email="ann@example.com").exists()
    assert "not sent" in caplog.text


def test_a_failed_send_is_tried_again_later(settings, monkeypatch):
    from project import mail as site_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_SENDING_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    message = {"subject": "Hi", "body": "Body", "to": ["ann@example.com"]}

    site_mail.send_email.call(message)

    [retry] = default_task_backend.results
    assert retry.args == [message, 2]
    assert retry.task.run_after is not None


def test_the_last_failed_attempt_raises_so_the_task_is_marked_failed(settings):
    from project import mail as site_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_SENDING_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with pytest.raises(OSError):
        site_mail.send_email.call(
            {"subject": "Hi", "body": "B", "to": ["a@example.com"]}, settings.EMAIL_SEND_ATTEMPTS
        )


def test_the_account_page_needs_signing_in(client):
    response = client.get(reverse("users:account"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_the_account_page_shows_the_persons_own_comments(client, user):
    CommentFactory(user=user, content="Mine, all mine")
    CommentFactory(content="Someone else's")
    client.force_login(user)
    content = client.get(reverse("users:account")).content.decode()
    assert "Mine, all mine" in content
    assert "Someone else" not in content


def test_name_typed_at_sign_up_is_stored_in_its_normal_form(client):
    sign_up(client, name="\ufeff\uff21nn\u200b")
    assert get_user_model().objects.get(email="ann@example.com").name == "Ann"


def test_account_name_is_stored_in_the_normal_form_of_every_name(django_user_model):
    user = django_user_model.objects.create_user(username="ann", name="\uff21nn\u200b")
    user.refresh_from_db()
    assert user.name == "Ann"


def test_admin_refuses_an_account_name_mixing_alphabets(admin_client, user):
    response = admin_client.get(reverse("admin:users_user_change", args=[user.pk]))
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if value is not None and key not in ("password", "groups", "user_permissions")
    }
    data.update(name="\u0410nn", date_joined_0="2026-01-01", date_joined_1="00:00:00")
    response = admin_client.post(reverse("admin:users_user_change", args=[user.pk]), data)
    assert response.status_code == HTTPStatus.OK
    assert "mixes letters of different alphabets" in str(
        response.context["adminform"].form.errors["name"]
    )
