#!/usr/bin/env python3
"""Scale-out test: two gunicorn instances behind nginx, over one PostgreSQL and one Redis.

It starts two instances of the site (production settings, gunicorn.conf.py) on
two loopback ports and its own nginx in front of them on a third, with the
proxy settings of deploy/nginx/entities-proxy.conf and the limits of
deploy/nginx/entities-limits.conf. Then, through nginx:

1. sends requests as long as nginx accepts and shows that no instance is taken
   out of rotation for them; shows that one client's rapid searches and sitemap
   requests get the site's 429 page from nginx past the burst, while its other
   pages and another client's searches are answered (clients on 127.0.0.2-4);
   signs in and shows that the session holds on both instances, and that a
   mail asked for through nginx (a password reset) is sent by the background
   worker (``manage.py db_worker``, as deploy/systemd/entities-worker.service runs it);
2. shows that nginx's micro-cache serves anonymous pages, that a new comment
   reaches its writer at once and anonymous readers within HTTP_CACHE_SECONDS,
   and that no page for a signed-in visitor or with a flash message is stored;
3. when the site has a comment rate limit, shows that it counts the posts of
   both instances together (the shared Redis cache);
4. sends a burst of comment posts from concurrent clients while one instance is
   stopped (SIGTERM, as systemd does) and started again, and counts: every post
   answered with success is stored exactly once, every post that failed was
   answered as a failure (and is not stored), nothing else failed.

It prints the figures and exits with status 1 when a check fails. Run it from
the project root with PostgreSQL and Redis running and nginx installed:

    .venv/bin/python deploy/scale_test.py \\
        --database-url postgres://postgres@127.0.0.1:5432/entities_scale \\
        --redis-url redis://127.0.0.1:6379/0 --ports 8011 8012 8010

The database named in --database-url is dropped and created again, and the Redis
database in --redis-url is emptied: give it ones of its own.
"""

import argparse
import http.client
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# The site's comment rate limit, when it has one: the setting, the environment
# variable that sets it (the same name), a low value for the check across
# instances and a value the burst never reaches.
RATE_LIMIT_SETTING = "COMMENT_RATE_LIMIT"
LOW_RATE_LIMIT = "5/m"
LOW_RATE_LIMIT_COUNT = 5
HIGH_RATE_LIMIT = "1000000/m"

# Answers a client may get while an instance goes away: nginx could not reach
# any instance, or the connection broke. Anything else is not a failure we expect.
FAILURE_STATUSES = {
    HTTPStatus.BAD_GATEWAY,
    HTTPStatus.SERVICE_UNAVAILABLE,
    HTTPStatus.GATEWAY_TIMEOUT,
}
CONNECTION_ERROR = "connection error"
# nginx's passive health check, as in deploy/nginx/entities.conf: a failed
# instance gets no traffic for this many seconds.
FAIL_TIMEOUT = 5
# The restart starts once this share of the posts is answered; the posts past
# the second share wait until it is over, so that it always falls in the burst.
RESTART_AFTER, RESUME_BEFORE = 0.2, 0.8
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# nginx's limit on searches and the sitemap, per client, as deploy/nginx ships it.
NGINX_FOLDER = BASE_DIR / "deploy" / "nginx"
COSTLY_RATE = int(
    re.findall(r"rate=(\d+)r/s", (NGINX_FOLDER / "entities-limits.conf").read_text())[0]
)
COSTLY_BURST = int(
    re.findall(
        r"zone=entities_costly burst=(\d+)", (NGINX_FOLDER / "entities-proxy.conf").read_text()
    )[0]
)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL; dropped and created")
    parser.add_argument("--redis-url", required=True, help="a Redis database; emptied")
    parser.add_argument(
        "--ports",
        nargs=3,
        type=int,
        default=[8011, 8012, 8010],
        metavar=("A", "B", "NGINX"),
        help="instance A, instance B, nginx (loopback)",
    )
    parser.add_argument("--posts", type=int, default=2000, help="comment posts in the burst")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--keep", action="store_true", help="keep the logs' temporary folder")
    return parser.parse_args()


# PREPARATION
# ------------------------------------------------------------------------------
def site_environment(args: argparse.Namespace) -> dict[str, str]:
    """Production settings for plain HTTP on loopback."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Required by production settings; no worker runs, so nothing is sent.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DEFAULT_FROM_EMAIL": "Scale test <noreply@example.com>",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        # nginx here speaks plain HTTP; in production it terminates TLS.
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "TRUSTED_PROXY_COUNT": "1",
        "GUNICORN_WORKERS": str(args.workers),
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def empty_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


# PROCESSES
# ------------------------------------------------------------------------------
@dataclass
class Instance:
    """One gunicorn instance of the site, started and stopped as systemd would."""

    name: str
    port: int
    environment: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn"],
                cwd=BASE_DIR,
                env=self.environment | {"GUNICORN_BIND": self.address},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(lambda: self.ready(), f"instance {self.name} ready", self.process)

    def ready(self) -> bool:
        from django.urls import reverse

        try:
            return request(self.port, "GET", reverse("readyz"), {})[0] == HTTPStatus.OK
        except OSError:
            return False

    def stop(self) -> None:
        """SIGTERM: stop accepting, let the requests under way finish, exit."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


class Nginx:
    """Our own nginx master (not the system's service), configured and logging in ``folder``."""

    def __init__(self, folder: Path, instances: list[Instance], port: int) -> None:
        self.folder, self.instances, self.port = folder, instances, port
        self.config = folder / "nginx.conf"
        self.write_config(drained=None)
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [
                binary,
                "-p",
                folder,
                "-c",
                self.config,
                "-e",
                folder / "nginx-error.log",
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: port_open(port), "nginx listening", self.process)

    def write_config(self, drained: Instance | None) -> None:
        """The upstream as in deploy/nginx/entities.conf; ``drained`` is marked ``down``."""
        servers = "\n".join(
            f"        server {i.address} max_fails=2 fail_timeout={FAIL_TIMEOUT}s"
            + (" down;" if i is drained else ";")
            for i in self.instances
        )
        self.config.write_text(
            NGINX_CONFIG.format(
                folder=self.folder, servers=servers, port=self.port, base_dir=BASE_DIR
            )
        )

    def reload(self, drained: Instance | None) -> None:
        """Reload the configuration and wait until the old worker has finished its requests."""
        old_workers = children(self.process.pid)
        self.write_config(drained)
        self.process.send_signal(signal.SIGHUP)
        wait_until(
            lambda: (workers := children(self.process.pid)) and not workers & old_workers,
            "nginx reloaded",
            self.process,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=30)


NGINX_CONFIG = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format scale '$request_id $request $status upstream=$upstream_addr '
                     'cache=$upstream_cache_status';
    access_log {folder}/nginx-access.log scale;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    # As in deploy/nginx/entities.conf: the live benchmark's 2,000 pages fit.
    proxy_cache_path {folder}/cache levels=1:2 keys_zone=entities_pages:10m max_size=100m
                     inactive=10m use_temp_path=off;
    include {base_dir}/deploy/nginx/entities-limits.conf;
    upstream entities {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        # For the figures only: which instance answered.
        add_header X-Served-By $upstream_addr always;
        add_header X-Cache-Status $upstream_cache_status always;
        include {base_dir}/deploy/nginx/entities-proxy.conf;
    }}
}}
"""


def children(pid: int) -> set[int]:
    """The ids of the processes whose parent is ``pid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def port_open(port: int) -> bool:
    try:
        request(port, "GET", "/", {})
    except OSError:
        return False
    return True


def wait_until(condition, what: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise SystemExit(f"{what}: the process exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not after {seconds} s")
        time.sleep(0.1)


# HTTP CLIENT
# ------------------------------------------------------------------------------
def request(
    port: int,
    method: str,
    path: str,
    cookies: dict[str, str],
    form: dict | None = None,
    extra_headers: dict[str, str] | None = None,
    client: str = "127.0.0.1",
) -> tuple[int, http.client.HTTPMessage, str]:
    """One request on a new connection from the loopback address ``client``; cookies
    the answer sets are stored in ``cookies``."""
    headers = {"Host": "127.0.0.1", **(extra_headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(client, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    return response.status, response.headers, text


def csrf_token(page: str) -> str:
    match = CSRF_FIELD.search(page)
    if not match:
        raise SystemExit("no CSRF token on the page")
    return match.group(1)


def comment_token(port: int, entity_path: str, cookies: dict[str, str]) -> str:
    """The token a browser sends with the comment form of ``entity_path``: from the
    form's own page (the page kept for every anonymous visitor holds none)."""
    from django.urls import reverse

    slug = entity_path.rstrip("/").rsplit("/", 1)[-1]
    return csrf_token(request(port, "GET", reverse("comments:create", args=[slug]), cookies)[2])


class Worker:
    """``manage.py db_worker``: sends the mail the instances queue in the database."""

    def __init__(self, environment: dict[str, str], log_path: Path) -> None:
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
                cwd=BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


# CHECKS
# ------------------------------------------------------------------------------
failures: list[str] = []


def check_mail_by_worker(front: int, mail_folder: Path, address: str) -> None:
    from django.urls import reverse

    cookies: dict[str, str] = {}
    page = request(front, "GET", reverse("account_reset_password"), cookies)[2]
    form = {"email": address, "csrfmiddlewaretoken": csrf_token(page)}
    status = request(front, "POST", reverse("account_reset_password"), cookies, form)[0]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(mail_folder.glob("*.log")):
        time.sleep(0.2)
    sent = [path.read_text() for path in mail_folder.glob("*.log")]
    check(
        status == HTTPStatus.FOUND and any(address in text for text in sent),
        f"a password reset asked through nginx is answered at once ({status}) and its mail "
        "is sent by the worker",
    )


def check(holds: bool, sentence: str) -> None:
    print(f"  [{'ok' if holds else 'FAILED'}] {sentence}")
    if not holds:
        failures.append(sentence)


def check_long_requests(front: int, list_path: str) -> None:
    """Requests as long as nginx accepts (a 3 KB address, a 3 KB htmx header) are
    answered, and never make nginx take an instance out of rotation."""
    padding = "x" * 3000
    statuses = [request(front, "GET", f"{list_path}?q={padding}{n}", {})[0] for n in range(4)] + [
        request(front, "GET", list_path, {}, extra_headers={"HX-Request": f"{padding}{n}"})[0]
        for n in range(4)
    ]
    check(
        HTTPStatus.BAD_GATEWAY not in statuses,
        f"3 KB addresses and headers through nginx are answered ({sorted(set(statuses))})",
    )
    health = [request(front, "GET", "/healthz", {})[0] for _ in range(4)]
    check(
        health == [HTTPStatus.OK] * 4,
        f"after them, every instance is still in rotation (/healthz: {health})",
    )


def rapid(front: int, path: str, client: str, headers: list[dict[str, str]]):
    """GETs of ``path`` one after the other from ``client``, one for each of ``headers``:
    the answers, whether nginx's limit held (the first burst + 1 answered at once, then
    COSTLY_RATE a second, every other one refused with 429), and a sentence saying so."""
    started = time.monotonic()
    answers = [request(front, "GET", path, {}, extra_headers=h, client=client) for h in headers]
    elapsed = time.monotonic() - started
    statuses = [status for status, _, _ in answers]
    answered = statuses.count(HTTPStatus.OK)
    held = (
        statuses[: COSTLY_BURST + 1] == [HTTPStatus.OK] * (COSTLY_BURST + 1)
        and answered <= COSTLY_BURST + 1 + math.ceil(COSTLY_RATE * elapsed)
        and statuses.count(HTTPStatus.TOO_MANY_REQUESTS) == len(statuses) - answered
    )
    said = f"{len(statuses)} in {elapsed:.1f} s: {answered} answered, the rest refused with 429"
    return answers, held, said


def check_costly_limits(front: int, list_path: str, entity_path: str) -> None:
    """nginx's limit per client on searches (pages and htmx parts) and on the sitemap."""
    from django.urls import reverse

    print(
        f"nginx's limit on searches and the sitemap: {COSTLY_RATE} a second and a burst "
        f"of {COSTLY_BURST}, per client:"
    )
    searcher, other, crawler = "127.0.0.2", "127.0.0.3", "127.0.0.4"
    search = f"{list_path}?q=limit"
    headers = [{"HX-Request": "true"} if n % 2 else {} for n in range(COSTLY_BURST + 10)]
    answers, held, said = rapid(front, search, searcher, headers)
    check(held, f"one client's searches, pages and htmx parts, one after the other: {said}")
    refused = {bool(h): a for h, a in zip(headers, answers, strict=True) if a[0] != HTTPStatus.OK}
    page = refused[False][2] if False in refused else ""
    htmx = refused[True][1] if True in refused else {}
    russian = request(
        front, "GET", search, {}, extra_headers={"Accept-Language": "ru"}, client=searcher
    )[2]
    check(
        "Too many requests</h1>" in page
        and 'class="navbar-brand' in page
        and reverse("too_many_requests") not in page
        and "Слишком много запросов</h1>" in russian
        and (htmx.get("HX-Retarget"), htmx.get("HX-Reselect")) == ("main", "main"),
        "a refused one gets the site's 429 page, in the client's language; htmx puts "
        "its content in place of the page's",
    )
    statuses = [
        request(front, "GET", path, {}, client=searcher)[0]
        for path in (reverse("healthz"), list_path, f"{list_path}?page=1", entity_path)
    ]
    check(
        statuses == [HTTPStatus.OK] * 4,
        f"meanwhile the same client's other pages are answered ({statuses})",
    )
    status = request(front, "GET", search, {}, client=other)[0]
    check(status == HTTPStatus.OK, f"and another client's search is answered ({status})")
    sitemap = reverse("sitemap")
    _, held, said = rapid(front, sitemap, crawler, [{}] * (COSTLY_BURST + 10))
    check(held, f"one client's requests of {sitemap}, one after the other: {said}")


def check_sessions(front: int, instances: list[Instance], username: str, password: str) -> None:
    from django.urls import reverse

    print("Sign in through nginx, then the session on each instance:")
    cookies: dict[str, str] = {}
    page = request(front, "GET", reverse("account_login"), cookies)[2]
    form = {"login": username, "password": password, "csrfmiddlewaretoken": csrf_token(page)}
    status = request(front, "POST", reverse("account_login"), cookies, form)[0]
    check(status == HTTPStatus.FOUND and "sessionid" in cookies, f"signed in (answer {status})")
    # A page only a signed-in editor may open: the sign-in page for anybody else.
    page = reverse("entities:create")
    for instance in instances:
        signed_in = request(instance.port, "GET", page, dict(cookies))[0]
        anonymous = request(instance.port, "GET", page, {})[0]
        check(
            signed_in == HTTPStatus.OK and anonymous == HTTPStatus.FOUND,
            f"instance {instance.name}: {page} answers {signed_in} with the session, "
            f"{anonymous} without",
        )


def timed_get(port: int, path: str) -> float:
    """Seconds an anonymous GET of ``path`` takes."""
    started = time.monotonic()
    request(port, "GET", path, {})
    return time.monotonic() - started


def cache_status(headers: http.client.HTTPMessage) -> str:
    return headers.get("X-Cache-Status", "none")


def check_served_by_nginx(front: int, path: str, what: str) -> None:
    """nginx answers ``path`` from its cache within a second. A copy that has expired
    is refreshed in the background (proxy_cache_background_update): the requests
    meanwhile are answered STALE or UPDATING, for as long as the site takes."""
    statuses: list[str] = []
    started = time.monotonic()
    while time.monotonic() - started < 1 and statuses[-1:] != ["HIT"]:
        statuses.append(cache_status(request(front, "GET", path, {})[1]))
        time.sleep(0.05)
    check(statuses[-1] == "HIT", f"{what} is served by nginx ({statuses})")


def comments_listed(listing: str, name: str) -> int | None:
    """The comment count the list page shows for the entity called ``name``."""
    match = re.search(rf">{re.escape(name)}</a>.*?(\d+) comment", listing, re.DOTALL)
    return int(match.group(1)) if match else None


def check_page_and_part_kept_apart(front: int, path: str) -> None:
    """The part of a page htmx asks for and the page itself, at one address, are
    stored apart: nginx never answers one with the other, whichever came first."""
    htmx = {"HX-Request": "true"}
    seen = []
    for headers in (htmx, {}, htmx, {}):
        _, answer, text = request(front, "GET", path, {}, extra_headers=headers)
        whole = text.lstrip().lower().startswith("<!doctype html>")
        seen.append((bool(headers), whole, cache_status(answer)))
    check(
        all(whole != asked_part for asked_part, whole, _ in seen) and seen[-1][2] == "HIT",
        f"a part of {path} is never served as the page, nor the page as the part ({seen})",
    )


def check_micro_cache(front: int, entity, username: str, password: str) -> None:
    from django.conf import settings
    from django.urls import reverse

    entity_path = entity.get_absolute_url()
    post_path = reverse("comments:create", args=[entity.slug])

    seconds = settings.HTTP_CACHE_SECONDS
    print(f"nginx's micro-cache ({seconds} s), through nginx:")
    list_path = reverse("entities:list")
    check_served_by_nginx(front, list_path, "an anonymous list page")
    check_page_and_part_kept_apart(front, list_path)

    writer: dict[str, str] = {}
    token = comment_token(front, entity_path, writer)
    words = f"micro-cache check {secrets.token_hex(4)}"
    form = {"name": "Reader", "content": words, "csrfmiddlewaretoken": token}
    status, headers, _ = request(front, "POST", post_path, writer, form)
    location = urlsplit(headers.get("Location", "")).path
    status, headers, page = request(front, "GET", location or entity_path, writer)
    check(
        words in page and cache_status(headers) != "HIT",
        f"the writer sees the comment at once (answer {status}, cache {cache_status(headers)})",
    )
    message = "Thank you, your comment was posted."
    check(message in page, "the writer's page carries the flash message")
    started = time.monotonic()
    while time.monotonic() - started < seconds + 4:
        _, _, page = request(front, "GET", entity_path, {})
        _, _, listing = request(front, "GET", list_path, {})
        if words in page and comments_listed(listing, entity.name) == 1:
            break
        time.sleep(0.2)
    waited = time.monotonic() - started
    # nginx answers the first request after expiry from the old copy while it
    # fetches the new one (proxy_cache_background_update): one refresh more, at
    # most a second or two on a busy machine.
    check(
        words in page and comments_listed(listing, entity.name) == 1 and waited <= seconds + 2,
        f"an anonymous reader sees it after {waited:.1f} s "
        f"(HTTP_CACHE_SECONDS {seconds} s, and one refresh)",
    )
    check(message not in page + listing, "the flash message was never stored for others")

    check_served_by_nginx(front, entity_path, "an anonymous entity page")

    # A page nginx may not keep (the sign-in page carries a CSRF token) asked by
    # many at once: each goes to the site at once. With proxy_cache_lock, all but
    # one would wait for the first answer and then poll every 500 ms, only to find
    # that nothing was stored.
    login_path = reverse("account_login")
    seen = [cache_status(request(front, "GET", login_path, {})[1]) for _ in range(3)]
    check("HIT" not in seen, f"a page with a CSRF token (sign-in) is never stored ({seen})")
    with ThreadPoolExecutor(8) as pool:
        timings = list(pool.map(lambda _: timed_get(front, login_path), range(32)))
    check(
        max(timings) < 0.5,
        f"32 anonymous readers of the sign-in page, which nginx may not keep, 8 at a time, "
        f"are never held back (slowest {max(timings) * 1000:.0f} ms)",
    )

    signed_in: dict[str, str] = {}
    login = request(front, "GET", login_path, signed_in)[2]
    form = {"login": username, "password": password, "csrfmiddlewaretoken": csrf_token(login)}
    request(front, "POST", reverse("account_login"), signed_in, form)
    seen = [cache_status(request(front, "GET", list_path, signed_in)[1]) for _ in range(3)]
    anonymous = request(front, "GET", list_path, {})[2]
    check(
        "HIT" not in seen and username not in anonymous,
        f"signed-in pages are never stored ({seen}); anonymous pages never show the name",
    )


def check_rate_limit(front: int, entity_path: str, post_path: str) -> None:
    print(f"Rate limit {LOW_RATE_LIMIT} per client address, through nginx to both instances:")
    cookies: dict[str, str] = {}
    token = comment_token(front, entity_path, cookies)
    statuses, served_by = [], set()
    for n in range(2 * LOW_RATE_LIMIT_COUNT):
        form = {"name": "Rate", "content": f"rate limit #{n}", "csrfmiddlewaretoken": token}
        status, headers, _ = request(front, "POST", post_path, cookies, form)
        statuses.append(status)
        served_by.add(headers["X-Served-By"])
    allowed = statuses.count(HTTPStatus.FOUND)
    limited = statuses.count(HTTPStatus.TOO_MANY_REQUESTS)
    check(len(served_by) == 2, f"posts answered by {len(served_by)} instances")
    check(
        (allowed, limited) == (LOW_RATE_LIMIT_COUNT, LOW_RATE_LIMIT_COUNT),
        f"{len(statuses)} posts: {allowed} accepted, {limited} refused with 429",
    )


@dataclass
class Burst:
    """The comment posts of the burst and what each client was answered."""

    contents: list[str]
    outcomes: dict[int, int | str] = field(default_factory=dict)
    served_by: dict[int, str] = field(default_factory=dict)
    finished_at: dict[int, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    restarted: threading.Event = field(default_factory=threading.Event)

    def done(self) -> int:
        with self.lock:
            return len(self.outcomes)


def run_client(burst: Burst, front: int, entity_path: str, post_path: str, indexes: range) -> None:
    cookies: dict[str, str] = {}
    token = None
    for _attempt in range(5):
        try:
            token = comment_token(front, entity_path, cookies)
            break
        except OSError:
            time.sleep(0.2)
    for index in indexes:
        if index >= RESUME_BEFORE * len(burst.contents):
            burst.restarted.wait()
        form = {"name": "Burst", "email": "", "content": burst.contents[index]}
        form["csrfmiddlewaretoken"] = token or ""
        try:
            status, headers, _ = request(front, "POST", post_path, cookies, form)
            outcome, served_by = status, headers.get("X-Served-By", "")
        except (OSError, http.client.HTTPException):
            outcome, served_by = CONNECTION_ERROR, ""
        with burst.lock:
            burst.outcomes[index] = outcome
            burst.served_by[index] = served_by
            burst.finished_at[index] = time.monotonic()


def run_burst(args, front: int, restart, entity_path: str, post_path: str):
    """Send the posts; ``restart`` runs once a fifth of them are answered."""
    run = secrets.token_hex(4)
    burst = Burst(contents=[f"burst {run} #{n}" for n in range(args.posts)])
    timeline: dict[str, float] = {}

    def restart_meanwhile() -> None:
        while burst.done() < RESTART_AFTER * args.posts:
            time.sleep(0.01)
        timeline["stop_at_post"] = burst.done()
        try:
            restart(timeline)
        finally:
            timeline["back_at_post"] = burst.done()
            burst.restarted.set()

    started = time.monotonic()
    controller = threading.Thread(target=restart_meanwhile)
    controller.start()
    with ThreadPoolExecutor(args.clients) as pool:
        clients = [
            pool.submit(run_client, burst, front, entity_path, post_path, indexes)
            for indexes in (range(k, args.posts, args.clients) for k in range(args.clients))
        ]
    timeline["elapsed"] = time.monotonic() - started
    controller.join()
    for client in clients:
        client.result()  # a client that broke down says why
    return burst, timeline, run


def count_burst(args, burst: Burst, timeline, run: str, instances, failures_allowed: bool):
    """Compare what each client was answered with what the database holds."""
    from comments.models import Comment

    stored = Counter(
        Comment.objects.filter(content__startswith=f"burst {run} #").values_list(
            "content", flat=True
        )
    )
    outcomes = burst.outcomes
    succeeded = [i for i, o in outcomes.items() if o == HTTPStatus.FOUND]
    failed = [i for i, o in outcomes.items() if o in FAILURE_STATUSES or o == CONNECTION_ERROR]
    other = Counter(str(outcomes[i]) for i in outcomes.keys() - set(succeeded) - set(failed))
    stored_once = sum(1 for i in succeeded if stored[burst.contents[i]] == 1)
    lost = sum(1 for i in succeeded if stored[burst.contents[i]] == 0)
    duplicated = sum(1 for count in stored.values() if count > 1)
    failed_but_stored = sum(1 for i in failed if stored[burst.contents[i]])
    failure_kinds = Counter(str(outcomes[i]) for i in failed)
    restarted = instances[1]
    served_after = Counter(
        burst.served_by[i].split(",")[-1].strip()
        for i, t in burst.finished_at.items()
        if t > timeline["started"]
    )

    elapsed = timeline["elapsed"]
    print(
        f"  {args.posts} posts in {elapsed:.1f} s ({args.posts / elapsed:.0f}/s); "
        f"instance {restarted.name} stopped after post {timeline['stop_at_post']} "
        f"(stopping took {timeline['stopped'] - timeline['stop']:.1f} s), answering again "
        f"{timeline['started'] - timeline['stopped']:.1f} s later, after post "
        f"{timeline['back_at_post']}"
    )
    failed_at = Counter(burst.served_by[i].split(",")[-1].strip() or "none" for i in failed)
    print(
        f"  answers: {len(succeeded)} success (302), {len(failed)} failure "
        f"({describe(failure_kinds)}; from {describe(failed_at)}), "
        f"{sum(other.values())} other ({describe(other)})"
    )
    print(
        "  posts answered after the restart, by instance: "
        + ", ".join(f"{i.name} {served_after[i.address]}" for i in instances)
    )
    check(len(outcomes) == args.posts, f"every post was answered ({len(outcomes)})")
    check(
        stored_once == len(succeeded),
        f"{stored_once} of {len(succeeded)} successes stored exactly once",
    )
    check(lost == 0, f"{lost} successes missing from the database")
    check(duplicated == 0, f"{duplicated} posts stored more than once")
    check(
        failed_but_stored == 0,
        f"{failed_but_stored} of {len(failed)} failures stored all the same",
    )
    check(
        sum(stored.values()) == stored_once,
        f"{sum(stored.values())} rows stored, each for a success",
    )
    check(not other, f"no answer other than success or a gateway failure ({describe(other)})")
    check(
        set(failed_at) <= {restarted.address},
        f"failures only from the instance being stopped ({describe(failed_at)})",
    )
    if not failures_allowed:
        check(not failed, f"{len(failed)} failures")


def check_back_in_rotation(front: int, restarted: Instance, since: float) -> None:
    """After nginx's fail_timeout, requests through nginx reach the restarted instance again."""
    from django.urls import reverse

    time.sleep(max(0.0, since + FAIL_TIMEOUT + 0.5 - time.monotonic()))
    served_by = Counter(
        request(front, "GET", reverse("readyz"), {})[1]["X-Served-By"] for _ in range(10)
    )
    check(
        served_by[restarted.address] > 0,
        f"instance {restarted.name} back in nginx's rotation: of 10 requests, "
        f"{served_by[restarted.address]} answered by it",
    )


def describe(counts: Counter) -> str:
    return ", ".join(f"{count} × {what}" for what, count in counts.most_common()) or "none"


# MAIN
# ------------------------------------------------------------------------------
def main() -> int:
    args = parse_arguments()
    environment = site_environment(args)
    os.environ.update(environment)
    recreate_database(args.database_url)
    empty_redis(args.redis_url)

    import django
    from django.core.management import call_command
    from django.urls import reverse

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from entities.models import Entity

    password = secrets.token_urlsafe(16)
    operator = get_user_model().objects.create_superuser(
        "operator", "operator@example.com", password
    )
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    entity = Entity.objects.create(name="Scale-out", content="Comments posted by the scale test.")
    entity_path = entity.get_absolute_url()
    post_path = reverse("comments:create", args=[entity.slug])
    # Newer, so first on the list; nothing else comments on it.
    quiet = Entity.objects.create(name="Micro-cache", content="One comment, read through nginx.")

    folder = Path(tempfile.mkdtemp(prefix="scale-test-"))
    folder.chmod(0o755)  # nginx's workers run as another user when started by root
    mail_folder = folder / "mail"
    mail_folder.mkdir()
    # django-environ takes the path after "filemail:///" as relative: one more slash.
    environment = environment | {"EMAIL_URL": f"filemail:///{mail_folder}"}
    port_a, port_b, front = args.ports
    instances = [
        Instance(
            name,
            port,
            environment | {RATE_LIMIT_SETTING: LOW_RATE_LIMIT},
            folder / f"gunicorn-{name}.log",
        )
        for name, port in (("A", port_a), ("B", port_b))
    ]
    restarted = instances[1]
    nginx = worker = None
    try:
        for instance in instances:
            instance.start()
        worker = Worker(environment, folder / "worker.log")
        nginx = Nginx(folder, instances, front)
        print(
            f"Two instances ({args.workers} workers each) on ports {port_a} and {port_b}, "
            f"nginx on {front}, one PostgreSQL, one Redis."
        )
        check_long_requests(front, reverse("entities:list"))
        check_costly_limits(front, reverse("entities:list"), entity_path)
        check_sessions(front, instances, "operator", password)
        check_mail_by_worker(front, mail_folder, "operator@example.com")
        check_rate_limit(front, entity_path, post_path)
        # The bursts need a limit they never reach, and fresh counters.
        for instance in instances:
            instance.stop()
            instance.environment = environment | {RATE_LIMIT_SETTING: HIGH_RATE_LIMIT}
        empty_redis(args.redis_url)
        for instance in instances:
            instance.start()
        check_micro_cache(front, quiet, "operator", password)

        def unannounced(timeline: dict) -> None:
            timeline["stop"] = time.monotonic()
            restarted.stop()
            timeline["stopped"] = time.monotonic()
            restarted.start()
            timeline["started"] = time.monotonic()

        def drained(timeline: dict) -> None:
            timeline["stop"] = time.monotonic()
            nginx.reload(drained=restarted)
            restarted.stop()
            timeline["stopped"] = time.monotonic()
            restarted.start()
            nginx.reload(drained=None)
            timeline["started"] = time.monotonic()

        for title, restart, failures_allowed in (
            ("stopped while in rotation (systemctl restart)", unannounced, True),
            ("taken out of nginx first, then restarted (docs/deploy.md)", drained, False),
        ):
            print(
                f"Burst: {args.posts} comment posts from {args.clients} clients through nginx; "
                f"instance {restarted.name} {title}:"
            )
            burst, timeline, run = run_burst(args, front, restart, entity_path, post_path)
            count_burst(args, burst, timeline, run, instances, failures_allowed)
            check_back_in_rotation(front, restarted, timeline["started"])
    finally:
        if nginx:
            nginx.stop()
        if worker:
            worker.stop()
        for instance in instances:
            instance.stop()
        if failures or args.keep:
            print(f"Logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print("Scale-out test passed." if not failures else f"Scale-out test FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
