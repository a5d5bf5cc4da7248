"""Saves racing each other on PostgreSQL: exactly one wins. Different names whose
slugs clash all get free slugs; the same name saved at once is decided by the
unique constraint alone: one entity, the others refused by the database (as
Django refuses any unique value saved past its form's check at the same moment).

Each racer is a thread with its own client and database connection. A barrier
holds every racer just after the check that would have caught the clash, so
all of them write at the same moment, every run.
"""

import threading
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.urls import reverse

from entities import signals
from entities.models import Entity
from entities.tests.factories import EntityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time, so saves cannot race; "
        "the PostgreSQL run (DATABASE_URL=postgres://…, as in CI) runs these",
    ),
]

TIMEOUT = 30


class RacingClient(Client):
    """Django's test client, for one of several threads sending requests at once.

    The client learns that its request raised through ``got_request_exception``, which
    Django sends to every receiver connected at that moment: the client of each other
    request still running. Each would re-raise that error as its own, so a winner slower
    to answer than a loser raised the loser's IntegrityError and the race looked lost by
    all. This client keeps only what is raised in the thread of its own request (the
    signal is sent in the thread whose view raised).
    """

    def request(self, **request):
        self.thread = threading.get_ident()
        return super().request(**request)

    def store_exc_info(self, **kwargs) -> None:
        if threading.get_ident() == self.thread:
            super().store_exc_info(**kwargs)


def hold_together(monkeypatch, owner: object, name: str, racers: int) -> None:
    """Make the first ``racers`` calls of ``owner.name`` wait for each other after
    they ran, so that none of them writes before all have checked."""
    original = getattr(owner, name)
    barrier = threading.Barrier(racers, timeout=TIMEOUT)
    calls = iter(range(racers))
    lock = threading.Lock()

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        with lock:
            first_round = next(calls, None) is not None
        if first_round:
            barrier.wait()
        return result

    monkeypatch.setattr(owner, name, held)


def race(*requests: Callable[[], object]) -> tuple[list, list[BaseException]]:
    """Run the requests in threads at once; return their responses in order (None
    for a request that raised) and what they raised."""
    responses: list = [None] * len(requests)
    errors: list[BaseException] = []

    def run(index: int, request: Callable[[], object]) -> None:
        try:
            responses[index] = request()
        except BaseException as error:  # a 500 re-raised by the test client
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    # A racer still running would look like a request that gave no response, and keep
    # its database connection open past the test.
    running = sum(thread.is_alive() for thread in threads)
    assert not running, f"{running} request(s) still running after {TIMEOUT} s"
    return responses, errors


@pytest.fixture
def editor_clients(editor) -> Callable[[int], list[RacingClient]]:
    def make(count: int) -> list[RacingClient]:
        clients = [RacingClient() for _ in range(count)]
        for client in clients:
            client.force_login(editor)
        return clients

    return make


def statuses(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def assert_refused_by_the_constraint(responses, errors, racers: int) -> None:
    assert [r.status_code for r in responses if r is not None] == [HTTPStatus.FOUND]
    assert len(errors) == racers - 1
    assert all(isinstance(error, IntegrityError) for error in errors), errors
    assert Entity.objects.count() == 1


@pytest.mark.parametrize("racers", [2, 8])
def test_same_name_created_at_once_creates_one_entity(monkeypatch, editor_clients, racers):
    hold_together(monkeypatch, Entity, "validate_constraints", racers)
    url = reverse("entities:create")
    names = ["Harbour", "HARBOUR", "harbour", "Harbour"] * racers

    responses, errors = race(
        *(
            lambda client=client, name=name: client.post(url, {"name": name})
            for client, name in zip(editor_clients(racers), names, strict=False)
        )
    )

    assert_refused_by_the_constraint(responses, errors, racers)


def test_same_name_created_at_once_in_the_admin_creates_one_entity(monkeypatch, admin_user):
    hold_together(monkeypatch, Entity, "validate_constraints", 2)
    url = reverse("admin:entities_entity_add")
    data = {"name": "Harbour", "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0"}
    clients = [RacingClient(), RacingClient()]
    for client in clients:
        client.force_login(admin_user)

    responses, errors = race(*(lambda client=client: client.post(url, data) for client in clients))

    assert_refused_by_the_constraint(responses, errors, 2)


def test_two_renames_to_one_name_at_once_rename_one_entity(monkeypatch, editor_clients):
    first, second = EntityFactory(name="First"), EntityFactory(name="Second")
    hold_together(monkeypatch, Entity, "validate_constraints", 2)

    responses, errors = race(
        *(
            lambda client=client, entity=entity: client.post(
                reverse("entities:update", args=[entity.slug]), {"name": "Same"}
            )
            for client, entity in zip(editor_clients(2), [first, second], strict=True)
        )
    )

    assert [r.status_code for r in responses if r is not None] == [HTTPStatus.FOUND]
    assert len(errors) == 1 and isinstance(errors[0], IntegrityError)
    names = sorted(Entity.objects.values_list("name", "slug"))
    # Slugs stay on rename: each keeps its published address.
    assert names in (
        [("First", "first"), ("Same", "second")],
        [("Same", "first"), ("Second", "second")],
    )


@pytest.mark.parametrize("racers", [2, 8])
def test_clashing_slugs_saved_at_once_all_get_free_slugs(monkeypatch, editor_clients, racers):
    hold_together(monkeypatch, signals, "unique_slug", racers)
    url = reverse("entities:create")
    names = [f"Hello{'!' * n} world" for n in range(racers)]  # all slug to hello-world

    responses, errors = race(
        *(
            lambda client=client, name=name: client.post(url, {"name": name})
            for client, name in zip(editor_clients(racers), names, strict=True)
        )
    )

    assert not errors, errors
    assert statuses(responses) == [HTTPStatus.FOUND] * racers
    slugs = set(Entity.objects.values_list("slug", flat=True))
    assert slugs == {"hello-world"} | {f"hello-world-{n}" for n in range(2, racers + 1)}
