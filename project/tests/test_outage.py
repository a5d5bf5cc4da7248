"""A real database outage: PostgreSQL is stopped under a running gunicorn and
started again.

The test runs its own PostgreSQL cluster (initdb in a temporary folder, on a
port of its own), so it never touches the server the rest of the suite uses.
While it is down, every page answers 503 with the short page and a posted
comment comes back in that page; nothing is stored; when PostgreSQL is back the
same gunicorn process answers 200 again, without a restart.
"""

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="stops and starts a PostgreSQL server of its own; runs in the PostgreSQL "
        "suite (DATABASE_URL=postgres://…, as in CI)",
    ),
]

# The outage lasts at least this long, with at least this many requests in it.
OUTAGE_SECONDS = 5
REQUESTS_DURING_OUTAGE = 30
UNAVAILABLE = "Temporarily unavailable"


def free_ports(count: int) -> list[int]:
    """Ports for its PostgreSQL and its gunicorn, from the system: the other test
    here may be choosing at the same moment in another pytest-xdist worker."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def postgres_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    assert candidates[-1], f"PostgreSQL's {name} is not installed"
    return candidates[-1]


def as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    """A throwaway PostgreSQL server in ``folder``, listening on ``port``."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [postgres_bin("pg_ctl"), "-D", str(self.data), "-w", "-t", "60"]
        command += ["-o", options, "-l", str(self.folder / "postgres.log"), *args]
        subprocess.run(as_postgres(command), check=True, capture_output=True, timeout=90)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        command = [postgres_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        command += ["-E", "UTF8", "--no-sync"]
        subprocess.run(as_postgres(command), check=True, capture_output=True, timeout=120)

    def psql(self, sql: str) -> str:
        command = [postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U"]
        command += ["postgres", "-d", "outage", "-tAc", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


@dataclass
class Browser:
    """urllib with cookies, never raising for an HTTP status."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def site() -> Iterator[tuple[Cluster, Browser, subprocess.Popen]]:
    db_port, web_port = free_ports(2)
    folder = Path(tempfile.mkdtemp(prefix="outage-"))
    os.chmod(folder, 0o755)
    cluster = Cluster(folder, db_port)
    server = None
    try:
        cluster.init()
        cluster.pg_ctl("start")
        createdb = [postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(db_port)]
        subprocess.run([*createdb, "-U", "postgres", "outage"], check=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "project.tests.outage_settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{db_port}/outage",
            "SECRET_KEY": "outage-test-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "DEFAULT_FROM_EMAIL": "Entities <noreply@example.com>",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            # Persistent connections: the broken one must be replaced by itself.
            "CONN_MAX_AGE": "60",
        }
        env.pop("REDIS_URL", None)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from entities.models import Entity; Entity.objects.create(name='Lighthouse')",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        gunicorn = [sys.executable, "-m", "gunicorn", "project.wsgi"]
        gunicorn += [f"--bind=127.0.0.1:{web_port}", "--workers=1", "--threads=2", "--timeout=60"]
        server = subprocess.Popen(
            gunicorn,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115
        )
        browser = Browser(f"http://127.0.0.1:{web_port}")
        for _ in range(100):
            with contextlib.suppress(OSError):
                if browser.request("/healthz")[0] == HTTPStatus.OK:
                    break
            time.sleep(0.1)
        yield cluster, browser, server
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(folder, ignore_errors=True)


def comment_token(browser: Browser) -> str:
    """The token a browser sends with the comment form: from the form's own page."""
    html = browser.request(reverse("comments:create", args=["lighthouse"]))[1]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the comment form's page"
    return match.group(1)


def test_site_answers_503_during_a_real_outage_and_recovers_without_restart(site):
    cluster, browser, server = site
    detail = "/entities/lighthouse/"
    comment_url = "/entities/lighthouse/comments/"
    status, html = browser.request(detail)
    assert status == HTTPStatus.OK
    comment = {
        "csrfmiddlewaretoken": comment_token(browser),
        "name": "Ann",
        "content": "Kept words",
    }

    started = time.monotonic()
    cluster.pg_ctl("stop", "-m", "fast")
    during: Counter = Counter()
    pages = []
    n = 0
    while n < REQUESTS_DURING_OUTAGE or time.monotonic() - started < OUTAGE_SECONDS:
        if n % 3 == 2:
            status, html = browser.request(comment_url, comment)
        else:
            status, html = browser.request(["/entities/", detail][n % 3])
        during[status] += 1
        pages.append((status, html))
        n += 1
        time.sleep(0.05)
    cluster.pg_ctl("start")
    outage = time.monotonic() - started

    after: Counter = Counter()
    for _ in range(10):
        status, _html = browser.request("/entities/")
        after[status] += 1
        if status == HTTPStatus.OK:
            break
    status_after_post, _html = browser.request(comment_url, comment)

    print(
        f"\noutage of {outage:.1f} s: {len(pages)} requests answered "
        f"{dict(during)}; after the restart {dict(after)} until the first 200"
    )
    # The entity page read just before still answers from the cache (found by its
    # generation, without the database); the list, not read before, and the posts say 503.
    assert set(during) <= {HTTPStatus.OK, HTTPStatus.SERVICE_UNAVAILABLE}
    for index, (status, html) in enumerate(pages):
        assert "Traceback" not in html
        if status == HTTPStatus.OK:
            assert index % 3 == 1
            assert "Lighthouse" in html
        else:
            assert UNAVAILABLE in html
    posted_pages = [html for index, (_status, html) in enumerate(pages) if index % 3 == 2]
    assert all(">Kept words</textarea>" in html for html in posted_pages)
    assert after == {HTTPStatus.OK: 1}
    assert server.poll() is None  # the same process, never restarted
    assert status_after_post == HTTPStatus.FOUND
    assert cluster.psql("select count(*) from comments_comment") == "1"


def test_restart_between_two_requests_is_invisible(site):
    """The connection kept from the last request died with the server; the health
    check replaces it before the next request uses it."""
    cluster, browser, _server = site
    assert browser.request("/entities/lighthouse/")[0] == HTTPStatus.OK

    cluster.pg_ctl("restart", "-m", "fast")

    assert browser.request("/entities/lighthouse/")[0] == HTTPStatus.OK
