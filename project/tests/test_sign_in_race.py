"""Sixteen concurrent wrong passwords: only as many are checked as the limit allows.

Needs PostgreSQL (SQLite lets one writer in at a time). Each client is a thread
with its own connection; a barrier releases them together, and each password
check takes 0.3 s, as a real hasher does, so all of them are in flight at once.
"""

import threading
from collections import Counter
from http import HTTPStatus

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

CLIENTS = 16

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: run with a PostgreSQL DATABASE_URL")


def guess_at_once(usernames: list[str]) -> Counter[int]:
    barrier = threading.Barrier(len(usernames))
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def guess(username: str) -> None:
        try:
            barrier.wait(timeout=30)
            response = Client().post(
                reverse("login"),
                {"username": username, "password": "wrong"},
                REMOTE_ADDR="203.0.113.7",
            )
            with lock:
                statuses[response.status_code] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(name,)) for name in usernames]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.parametrize(
    "spread", ["one-account", "many-accounts"], ids=["one-account", "many-accounts"]
)
def test_concurrent_guesses_are_counted_before_any_password_is_checked(
    user, settings, counting_hasher, spread
):
    settings.LOGIN_FAILURE_LIMIT = "5/15m"
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = "5/15m"
    counting_hasher.cost = 0.3
    if spread == "one-account":
        usernames = ["reader"] * CLIENTS
    else:
        usernames = [f"guess{n}" for n in range(CLIENTS)]

    statuses = guess_at_once(usernames)

    print(f"\n{spread}: {dict(statuses)}, passwords checked: {counting_hasher.calls}")
    assert statuses == {HTTPStatus.OK: 5, HTTPStatus.TOO_MANY_REQUESTS: CLIENTS - 5}
    assert counting_hasher.calls == 5
