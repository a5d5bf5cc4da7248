"""Redis stopped under the site: pages are served uncached, comments are stored,
people sign up, nothing answers 5xx, and the cache comes back by itself.

The Redis here is a server of the test's own on a port the system gives, started
and stopped by the test; a shared Redis is never touched.
"""

import shutil
import socket
import subprocess
import time
from collections import Counter
from http import HTTPStatus

import pytest
from django.urls import reverse

from comments.models import Comment
from entities.tests.factories import EntityFactory
from project.tests.subprocesses import caches_for

REDIS_SERVER = shutil.which("redis-server")
OUTAGE_SECONDS = 3.0

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_SERVER, reason="needs redis-server (apt install redis-server)"),
]


def free_port() -> int:
    """From the system: another pytest-xdist worker may be choosing at the same moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server on loopback, without persistence."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)

    def start(self) -> None:
        command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings):
    redis_server = OwnRedis(free_port())
    redis_server.start()
    settings.CACHES = caches_for(REDIS_URL=redis_server.url)
    yield redis_server
    redis_server.stop()


def test_site_works_without_redis_and_recovers_by_itself(client, own_redis, settings):
    settings.COMMENT_RATE_LIMIT = "1000/m"
    settings.PAGE_CACHE_SECONDS = 600  # development keeps no renderings
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1000/m/ip"}
    entity = EntityFactory()
    pages = [reverse("entities:list"), entity.get_absolute_url()]
    comment_url = reverse("comments:create", args=[entity.slug])
    assert [client.get(url).status_code for url in pages] == [HTTPStatus.OK] * 2
    assert own_redis.client().dbsize() > 0, "pages were cached in Redis before the outage"

    own_redis.stop()
    statuses: Counter[int] = Counter()
    posted = 0
    started = time.monotonic()
    for n in range(1000):  # bounded; the clock ends it first
        if time.monotonic() - started > OUTAGE_SECONDS:
            break
        for url in pages:
            statuses[client.get(url, {"page": n % 3 + 1}).status_code] += 1
        response = client.post(
            comment_url,
            {"name": "Ann", "email": "", "content": f"During the outage {n}", "website": ""},
        )
        statuses[response.status_code] += 1
        posted += response.status_code == HTTPStatus.FOUND
        signed_up = client.post(
            reverse("account_signup"),
            {
                "email": f"p{n}@example.com",
                "name": "P",
                "password1": "a-long-pass-phrase-42",
                "password2": "a-long-pass-phrase-42",
            },
        )
        statuses[signed_up.status_code] += 1
        client.logout()
    ready = client.get(reverse("readyz"))
    outage = time.monotonic() - started

    own_redis.start()
    after = [client.get(url).status_code for url in pages]

    requests = sum(statuses.values())
    print(f"\noutage {outage:.1f} s: {requests} requests {dict(statuses)}, {posted} comments")
    assert not [status for status in statuses if status >= 500]
    assert posted > 0
    assert Comment.objects.filter(content__startswith="During the outage").count() == posted
    assert ready.status_code == HTTPStatus.OK
    assert ready.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "degraded"}}
    assert statuses[HTTPStatus.TOO_MANY_REQUESTS] == 0
    assert after == [HTTPStatus.OK] * 2
    assert own_redis.client().dbsize() > 0, "pages are cached in Redis again"
    assert client.get(reverse("readyz")).json()["status"] == "ok"
