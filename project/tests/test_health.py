"""Liveness and readiness probes."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse


def test_liveness_answers_without_the_database(client):
    # No django_db mark: any query would raise here.
    response = client.get(reverse("healthz"))

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_ready_when_database_and_cache_answer(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("backend", "options"),
    [
        ("django_redis.cache.RedisCache", {"IGNORE_EXCEPTIONS": True}),
        ("django.core.cache.backends.redis.RedisCache", {}),
    ],
)
def test_ready_but_degraded_while_the_page_cache_is_unreachable(
    client, settings, dead_port, backend, options
):
    # The cache is an optimisation: pages are served without it, so the instance
    # stays in the load balancer.
    location = f"redis://127.0.0.1:{dead_port}/0"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": backend, "LOCATION": location, "OPTIONS": options},
    }

    response = client.get(reverse("readyz"))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "degraded"},
    }


@pytest.mark.django_db(transaction=True)
def test_not_ready_while_the_database_is_down_and_ready_after(client, monkeypatch, dead_port):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server that can go away: run with a PostgreSQL DATABASE_URL")
    url = reverse("readyz")
    # The database "goes down": the next connection goes to a port nobody listens
    # on. The shared server itself keeps running for everybody else.
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", dead_port)
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    down = client.get(url)
    monkeypatch.undo()
    connection.close()

    up = client.get(url)

    assert down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert down.json()["checks"]["database"] == "unavailable"
    assert up.status_code == HTTPStatus.OK
