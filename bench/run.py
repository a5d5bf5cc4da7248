"""The benchmark: the same pages at 1,000 and at 1,000,000 entities.

    make bench          # 1,000 then 1,000,000 entities (5 comments each)
    make bench-quick    # 1,000 then 100,000

For each size it loads the data with ``seed_demo --fast`` (plus one entity with
100,000 comments), starts gunicorn under production settings with 2 sync
workers, and runs ``wrk -t2 -c8`` against every page, each run preceded by a
run against ``/healthz`` (the framework's ceiling: no database), in rounds. It
prints req/s, p50 and p99 (medians over the rounds), the ratio to the
``/healthz`` run just before, the ratio of the big size to the small one, and
the peak resident memory of a worker.

Every page is measured twice: as an anonymous visitor (the list is then served
from the page cache) and signed in (never cached: the real query cost).

Settings (environment): BENCH_DB (database name, default entities_bench),
BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432), BENCH_PORT
(default 8400), BENCH_SECONDS (per run, default 4), BENCH_ROUNDS (default 2).
"""

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

DB = os.environ.get("BENCH_DB", "entities_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PORT = int(os.environ.get("BENCH_PORT", "8400"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
BASE = f"http://127.0.0.1:{PORT}"
COMMENTS_EACH = 5
BUSY_COMMENTS = 100_000
BUSY_SLUG = "the-most-discussed-entity"

ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB}",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
}


def say(text: str) -> None:
    print(text, flush=True)


def manage(*args: str, settings: str = "project.settings.dev") -> str:
    env = {**ENV, "DJANGO_SETTINGS_MODULE": settings}
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def recreate_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB}"')


def seed(entities: int) -> float:
    started = time.monotonic()
    output = manage(
        "seed_demo",
        "-v2",
        "--fast",
        f"--entities={entities}",
        f"--comments={COMMENTS_EACH}",
        f"--busy-entity={BUSY_COMMENTS}",
    )
    elapsed = time.monotonic() - started
    say("  " + output.strip().replace("\n", "\n  "))
    return elapsed


def signed_in_cookie() -> str:
    """A session for a user without permissions, made with the server's SECRET_KEY."""
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user, _ = get_user_model().objects.get_or_create(username='bench')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    key = manage("shell", "-c", code, settings="project.settings.prod").strip().splitlines()[-1]
    return f"sessionid={key}"


def pages(entities: int) -> dict[str, str]:
    total = entities + 1  # and the busy entity
    last = -(-total // 10)
    last_comments = -(-BUSY_COMMENTS // 20)
    return {
        "list page 1": "/entities/",
        "list middle page": f"/entities/?page={last // 2}",
        "list last page": f"/entities/?page={last}",
        "search (a name)": "/entities/?q=glass+bridge+999",
        "search (a common word)": "/entities/?q=bridge",
        "detail, first comments": f"/entities/{BUSY_SLUG}/",
        "detail, last comments": f"/entities/{BUSY_SLUG}/?page={last_comments}",
    }


def start_server() -> subprocess.Popen:
    env = {**ENV, "DJANGO_SETTINGS_MODULE": "project.settings.prod"}
    server = subprocess.Popen(
        [
            GUNICORN,
            "project.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz")


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=0.0)


def get(path: str, cookie: str = "") -> None:
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        response.read()


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(path: str, cookie: str = "") -> tuple[float, float, float]:
    command = ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency", BASE + path]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{path} answered with errors:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))
    return rps, p50, p99


def measure(entities: int) -> tuple[dict, float]:
    """{(page, visitor): (req/s, p50, p99, ratio to /healthz)} and a worker's peak RSS."""
    server = start_server()
    try:
        cookie = signed_in_cookie()
        visitors = {"anonymous": "", "signed in": cookie}
        targets = [
            (page, visitor, path) for page, path in pages(entities).items() for visitor in visitors
        ]
        # Warm up: connections, template cache, anchors and counts in the cache.
        for _page, visitor, path in targets:
            for _ in range(3):
                get(path, visitors[visitor])
        samples: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
        for round_number in range(1, ROUNDS + 1):
            say(f"  round {round_number}/{ROUNDS}")
            for page, visitor, path in targets:
                ceiling, _, _ = wrk("/healthz")
                rps, p50, p99 = wrk(path, visitors[visitor])
                samples.setdefault((page, visitor), []).append((rps, p50, p99, rps / ceiling))
                samples.setdefault(("/healthz", ""), []).append((ceiling, 0.0, 0.0, 1.0))
        results = {
            key: tuple(statistics.median(column) for column in zip(*values, strict=True))
            for key, values in samples.items()
        }
        return results, peak_rss_mb(worker_pids(server))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def table(sizes: list[int], results: dict[int, dict], rss: dict[int, float]) -> str:
    small, big = sizes
    lines = [
        f"| page | visitor | req/s {small:,} | p50 ms | p99 ms | ÷ /healthz "
        f"| req/s {big:,} | p50 ms | p99 ms | ÷ /healthz | {big:,} ÷ {small:,} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in results[small]:
        page, visitor = key
        a, b = results[small][key], results[big][key]
        lines.append(
            f"| {page} | {visitor} | {a[0]:,.0f} | {a[1]:.1f} | {a[2]:.1f} | {a[3]:.2f} "
            f"| {b[0]:,.0f} | {b[1]:.1f} | {b[2]:.1f} | {b[3]:.2f} | {b[0] / a[0]:.2f} |"
        )
    lines.append("")
    lines.append(
        f"Peak resident memory of a worker: {rss[small]:.0f} MB at {small:,} entities, "
        f"{rss[big]:.0f} MB at {big:,}."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 100,000 entities")
    quick = parser.parse_args().quick
    sizes = [1_000, 100_000 if quick else 1_000_000]
    started = time.monotonic()
    say(f"Database {DB}: recreating, migrating, collecting static files")
    recreate_database()
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", settings="project.settings.prod")
    results, rss, seeding = {}, {}, {}
    for size in sizes:
        say(
            f"Loading {size:,} entities ({COMMENTS_EACH} comments each, one with {BUSY_COMMENTS:,})"
        )
        seeding[size] = seed(size)
        say(f"  loaded in {seeding[size]:.0f} s; measuring")
        results[size], rss[size] = measure(size)
    uname = os.uname()
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    say("")
    say(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {uname.sysname} {uname.release}, "
        f"{os.cpu_count()} CPUs ({cpu.group(1) if cpu else 'unknown'}), gunicorn 2 sync workers, "
        f"wrk -t2 -c8 {SECONDS} s, median of {ROUNDS} rounds"
    )
    say(
        f"Loading: {sizes[0]:,} in {seeding[sizes[0]]:.0f} s, then up to {sizes[1]:,} "
        f"in {seeding[sizes[1]]:.0f} s; whole run {time.monotonic() - started:.0f} s"
    )
    say("")
    say(table(sizes, results, rss))


if __name__ == "__main__":
    sys.exit(main())
