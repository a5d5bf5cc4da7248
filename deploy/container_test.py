#!/usr/bin/env python3
"""Container test: the image (Dockerfile) and compose.yaml, built and run for real.

Where no image registry is reachable, it stands in for what a registry gives:
a Debian 12 base with python3, made with debootstrap and imported (for the
official python:3.11-slim-bookworm), and PostgreSQL, Redis and nginx from
Debian's packages (deploy/containers/test-override.yaml, for the official
postgres, redis and nginx images). It starts a Docker daemon of its own (no
networking of its own: every container on the host's network, on ports of the
test's own) and runs compose.yaml with that override through Debian's
docker-compose. Then, through the containers' nginx:

1. the list and an entity page answer; a comment is posted (with the CSRF token
   of its form) and shown; a sign-up's confirmation mail is sent by the worker
   container over SMTP (to a sink this test runs) and its link confirms the address;
2. the stack is stopped and started again (containers removed, volumes kept) and
   the comment is still there;
3. the image runs as a user without privileges, holds none of the secrets it is
   run with, its health check says healthy, and `docker stop` stops it in seconds.

It stops every container and daemon it started. The base image's file tree and
the daemon's data (its build cache, so a second run is quick) stay in
--cache (default /var/tmp/entities-container-cache). Run as root, from the
project's virtualenv (aiosmtpd is a development requirement): `make container-test`.
Needs `apt-get install docker.io docker-compose debootstrap`.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_test import csrf_token, request  # noqa: E402

# Debian's client, of the daemon's version (/usr/local/bin/docker may be newer).
DOCKER = "/usr/bin/docker"
DOCKERD = "/usr/sbin/dockerd"
COMPOSE = "/usr/bin/docker-compose"
BASE_IMAGE = "entities-test/bookworm-python"
PROJECT = "entities-test"
# The ports of test-override.yaml, and the mail sink's: below Linux's ephemeral range
# (32768-60999), where an outgoing connection could hold one when the test binds it.
NGINX_PORT, SMTP_PORT = 18080, 18025
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1(?::\d+)?(/accounts/confirm-email/[^/\s]+/)")
ENTITY_LINK = re.compile(r'href="(/entities/[^/"]+/)"')
STOP_SECONDS = 5
# Kept between runs, outside the project; only root writes in it.
CACHE = Path("/var/tmp/entities-container-cache")  # noqa: S108

failures: list[str] = []
timings: list[tuple[str, float]] = []


def check(condition: bool, what: str) -> None:
    print(f"  {'ok  ' if condition else 'FAIL'} {what}")
    if not condition:
        failures.append(what)


class Step:
    """Prints a step's name, then how long it took; the times are listed at the end."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        print(f"\n=== {self.name}", flush=True)
        self.started = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        elapsed = time.monotonic() - self.started
        timings.append((self.name, elapsed))
        print(f"    ({elapsed:.1f} s)", flush=True)


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; its failure stops the test with the command's output."""
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if result.returncode:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(f"failed ({result.returncode}): {' '.join(map(str, command))}")
    return result


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not after {seconds} s")
        time.sleep(0.5)


# THE BASE IMAGE
# ------------------------------------------------------------------------------
def debian_mirror() -> str:
    """The Debian mirror apt on this machine uses for bookworm."""
    sources = [Path("/etc/apt/sources.list"), *Path("/etc/apt/sources.list.d").glob("*")]
    for path in filter(Path.is_file, sources):
        for stanza in path.read_text().split("\n\n"):
            fields = dict(re.findall(r"^(\w+):\s*(.*)$", stanza, re.MULTILINE))
            if "bookworm" in fields.get("Suites", "").split() and fields.get("URIs"):
                return fields["URIs"].split()[0]
            for line in stanza.splitlines():
                words = re.sub(r"\[[^]]*\]", "", line).split()
                if len(words) > 2 and words[0] == "deb" and words[2] == "bookworm":
                    return words[1]
    return "http://deb.debian.org/debian"


def base_tarball(cache: Path) -> Path:
    """Debian 12 with python3, trusting this machine's certificate authorities too
    (a proxy's, for pip): made once with debootstrap, then kept in the cache."""
    tarball = cache / "bookworm-python.tar"
    if tarball.exists():
        print(f"  from the cache: {tarball}")
        return tarball
    rootfs = cache / "rootfs"
    shutil.rmtree(rootfs, ignore_errors=True)
    mirror = debian_mirror()
    print(f"  debootstrap from {mirror} (a minute or two)", flush=True)
    run(
        "debootstrap",
        "--variant=minbase",
        "--include=python3,python3-venv,ca-certificates",
        "bookworm",
        rootfs,
        mirror,
    )
    for certificate in Path("/usr/local/share/ca-certificates").glob("*.crt"):
        shutil.copy(certificate, rootfs / "usr/local/share/ca-certificates")
    run("chroot", rootfs, "update-ca-certificates")
    run("chroot", rootfs, "sh", "-c", "apt-get clean && rm -rf /var/lib/apt/lists/*")
    run("tar", "-C", rootfs, "-cf", f"{tarball}.tmp", ".")
    Path(f"{tarball}.tmp").rename(tarball)
    shutil.rmtree(rootfs)
    return tarball


# THE DAEMON AND THE STACK
# ------------------------------------------------------------------------------
class Docker:
    """A Docker daemon of the test's own: its data in the cache, its sockets in ``folder``."""

    def __init__(self, cache: Path, folder: Path) -> None:
        self.folder = folder
        socket = folder / "docker.sock"
        self.environment = os.environ | {
            "DOCKER_HOST": f"unix://{socket}",
            # Debian's daemon has no BuildKit; the classic builder is what it runs.
            "DOCKER_BUILDKIT": "0",
            "COMPOSE_DOCKER_CLI_BUILD": "0",
        }
        with (folder / "dockerd.log").open("wb") as log:
            self.process = subprocess.Popen(
                [
                    DOCKERD,
                    f"--data-root={cache / 'docker'}",
                    f"--exec-root={folder / 'exec'}",
                    f"--pidfile={folder / 'docker.pid'}",
                    f"--host=unix://{socket}",
                    "--iptables=false",
                    "--ip6tables=false",
                    "--bridge=none",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self.answers, "dockerd answering", 60)

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise SystemExit(f"dockerd exited with status {self.process.returncode}")
        return not subprocess.run(
            [DOCKER, "version"], env=self.environment, capture_output=True
        ).returncode

    def __call__(self, *arguments: str) -> str:
        return run(DOCKER, *arguments, env=self.environment).stdout.strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        # dockerd leaves its network namespace mounted in its exec root.
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            mount_point = line.split()[4]
            if mount_point.startswith(f"{self.folder}/"):
                subprocess.run(["umount", mount_point], check=False)  # noqa: S607


class Stack:
    """compose.yaml with the test's override, its configuration in ``env_file``."""

    def __init__(self, docker: Docker, env_file: Path) -> None:
        import yaml

        self.docker = docker
        self.environment = docker.environment | {
            "ENTITIES_ENV_FILE": str(env_file),
            "TEST_BASE_IMAGE": BASE_IMAGE,
            "PIP_INDEX_URL": os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple"),
        }
        self.command = [
            COMPOSE,
            f"--env-file={env_file}",
            f"--project-name={PROJECT}",
            f"--file={BASE_DIR / 'compose.yaml'}",
            f"--file={BASE_DIR / 'deploy/containers/test-override.yaml'}",
        ]
        # An override adds ports but cannot take nginx's away, and a container on
        # the host's network may have none: the two files merged, without them.
        merged = yaml.safe_load(self("config"))
        del merged["services"]["nginx"]["ports"]
        rendered = env_file.with_name("compose.yaml")
        rendered.write_text(yaml.safe_dump(merged))
        self.command[3:] = [f"--file={rendered}"]

    def __call__(self, *arguments: str) -> str:
        return run(*self.command, *arguments, env=self.environment, cwd=BASE_DIR).stdout

    def container(self, service: str) -> str:
        return self("ps", "-q", service).strip()


# CHECKS THROUGH NGINX
# ------------------------------------------------------------------------------
def check_pages() -> str:
    status, _, listing = request(NGINX_PORT, "GET", "/entities/", {})
    links = ENTITY_LINK.findall(listing)
    check(status == 200 and bool(links), f"the list answers {status} with {len(links)} entities")
    entity_path = links[0]
    status, _, _ = request(NGINX_PORT, "GET", entity_path, {})
    check(status == 200, f"an entity page ({entity_path}) answers {status}")
    return entity_path


def post_comment(entity_path: str) -> str:
    words = f"Posted through the containers {secrets.token_hex(4)}"
    cookies: dict[str, str] = {}
    form_path = f"{entity_path}comments/"
    page = request(NGINX_PORT, "GET", form_path, cookies)[2]
    form = {"name": "Container test", "content": words, "csrfmiddlewaretoken": csrf_token(page)}
    status = request(NGINX_PORT, "POST", form_path, cookies, form)[0]
    check(
        status == 302 and "csrftoken" in cookies,
        f"a comment posted with the csrftoken cookie and the form's token: {status}",
    )
    shown = words in request(NGINX_PORT, "GET", entity_path, cookies)[2]
    check(shown, "the writer sees the comment on the entity page")
    return words


def sign_up(stack: Stack, mail_log: Path) -> None:
    address = f"container-{secrets.token_hex(4)}@example.com"
    password = secrets.token_urlsafe(16)
    cookies: dict[str, str] = {}
    page = request(NGINX_PORT, "GET", "/accounts/signup/", cookies)[2]
    form = {
        "email": address,
        "name": "Container tester",
        "password1": password,
        "password2": password,
        "csrfmiddlewaretoken": csrf_token(page),
    }
    status, headers, _ = request(NGINX_PORT, "POST", "/accounts/signup/", cookies, form)
    check(status == 302, f"the sign-up form answers {status} ({headers.get('Location')})")

    def mail_arrived() -> bool:
        return address in mail_log.read_text() and bool(CONFIRM_LINK.search(mail_log.read_text()))

    with suppress(SystemExit):
        wait_until(mail_arrived, "the confirmation mail", 30)
    check(mail_arrived(), f"the confirmation mail to {address} reached the SMTP sink")
    worker_log = stack("logs", "--no-color", "worker")
    check(
        "project.mail.send_email state=SUCCESSFUL" in worker_log,
        "the worker container's log says it sent the mail",
    )
    match = CONFIRM_LINK.search(mail_log.read_text())
    if match:
        confirm_path = match.group(1)
        page = request(NGINX_PORT, "GET", confirm_path, cookies)[2]
        form = {"csrfmiddlewaretoken": csrf_token(page)}
        status = request(NGINX_PORT, "POST", confirm_path, cookies, form)[0]
        check(status == 302, f"its link confirms the address ({status})")


def check_image(docker: Docker, stack: Stack, secret_values: list[str]) -> None:
    image = "entities"
    uid = docker("run", "--rm", "--network=none", image, "id", "-u")
    check(uid != "0", f"the image runs as user {uid}, not root")
    history = docker("history", "--no-trunc", image)
    inspected = docker("image", "inspect", image)
    leaked = [v for v in secret_values if v in history or v in inspected]
    check(not leaked, "no secret the stack runs with is in the image's layers or settings")
    environment = json.loads(inspected)[0]["Config"]["Env"]
    check(
        not any(e.startswith(("SECRET_KEY=", "POSTGRES_PASSWORD=")) for e in environment),
        f"the image's environment has no secret: {environment}",
    )
    check("SECRET_KEY" not in history, "no layer's command names SECRET_KEY")
    web = stack.container("web")
    health = docker("inspect", "--format={{.State.Health.Status}}", web)
    check(health == "healthy", f"the web container's health check: {health}")
    for service in ("web", "worker"):
        container = stack.container(service)
        started = time.monotonic()
        docker("stop", f"--time={STOP_SECONDS * 6}", container)
        took = time.monotonic() - started
        check(took < STOP_SECONDS, f"docker stop stops {service} in {took:.1f} s")


# MAIN
# ------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--keep", action="store_true", help="keep the logs' temporary folder")
    args = parser.parse_args()
    missing = [p for p in (DOCKER, DOCKERD, COMPOSE) if not Path(p).exists()]
    if missing or not shutil.which("debootstrap"):
        raise SystemExit("apt-get install docker.io docker-compose debootstrap")
    started = time.monotonic()
    args.cache.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="entities-containers-"))
    secret_key = secrets.token_urlsafe(50)
    db_password = secrets.token_hex(16)
    env_file = folder / "test.env"
    env_file.write_text(
        f"SECRET_KEY={secret_key}\n"
        f"POSTGRES_PASSWORD={db_password}\n"
        "ALLOWED_HOSTS=127.0.0.1,localhost\n"
        f"EMAIL_URL=smtp://127.0.0.1:{SMTP_PORT}\n"
        "DEFAULT_FROM_EMAIL=Container test <noreply@example.com>\n"
        # Debian 12's Python (3.11.2) reads an empty ADMINS as one empty address.
        "ADMINS=Operator <operator@example.com>\n"
        "GUNICORN_WORKERS=2\n"
    )
    mail_log = folder / "smtp.log"
    docker = stack = sink = None
    try:
        with Step("Base image: Debian 12 with python3 (debootstrap, cached)"):
            tarball = base_tarball(args.cache)
        with Step("Docker daemon of the test's own, then the base image imported"):
            docker = Docker(args.cache, folder)
            # Imported once: the daemon's data is kept, and with it the build cache,
            # which a new import (a new image id) would invalidate.
            if BASE_IMAGE not in docker("images", "--format={{.Repository}}"):
                with tarball.open("rb") as tar:
                    run(DOCKER, "import", "-", BASE_IMAGE, stdin=tar, env=docker.environment)
            stack = Stack(docker, env_file)
            stack("down", "--volumes", "--remove-orphans")  # what a broken run left
        with Step("docker-compose build: the site's image and the stand-in services"):
            stack("build")
            size = int(docker("image", "inspect", "--format={{.Size}}", "entities")) / 1e6
            base = int(docker("image", "inspect", "--format={{.Size}}", BASE_IMAGE)) / 1e6
            print(f"  the site's image: {size:.0f} MB ({size - base:.0f} MB over the base)")
        with mail_log.open("wb") as log:
            sink = subprocess.Popen(
                [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        with Step("docker-compose up: migrate once, then the site, the worker and nginx"):
            stack("up", "--detach")
            migrate = stack.container("migrate")
            exit_code = docker("inspect", "--format={{.State.ExitCode}}", migrate)
            check(exit_code == "0", f"the migrate service ran and exited with {exit_code}")
            wait_until(lambda: ready_through_nginx(), "the site through nginx")
            stack("exec", "-T", "web", "python", "manage.py", "seed_demo", "--if-empty", "--force")
        with Step("Through nginx: pages, a comment, a sign-up and its mail"):
            entity_path = check_pages()
            words = post_comment(entity_path)
            sign_up(stack, mail_log)
        with Step("Stopped, removed and started again: the comment is still there"):
            stack("down")
            stack("up", "--detach")
            wait_until(lambda: ready_through_nginx(), "the site through nginx, again")
            page = request(NGINX_PORT, "GET", entity_path, {})[2]
            check(words in page, "the comment is on the entity page after the restart")
        with Step("The image: its user, no secret, its health check, a prompt stop"):
            check_image(docker, stack, [secret_key, db_password])
    finally:
        with Step("Stopping every container, the daemon and the mail sink"):
            if stack:
                with suppress(SystemExit):
                    stack("down", "--volumes", "--remove-orphans")
            if docker:
                docker.stop()
            if sink and sink.poll() is None:
                sink.terminate()
                sink.wait(timeout=10)
        if failures or args.keep:
            print(f"Logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print("\nSeconds per step:")
    for name, elapsed in timings:
        print(f"  {elapsed:6.1f}  {name}")
    print(f"  {time.monotonic() - started:6.1f}  in all")
    print("Container test passed." if not failures else f"Container test FAILED: {failures}")
    return 1 if failures else 0


def ready_through_nginx() -> bool:
    try:
        return request(NGINX_PORT, "GET", "/readyz", {})[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
