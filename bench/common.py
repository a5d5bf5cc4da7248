"""What the size benchmark (run.py) and the live scenario (live.py) share: the
settings from the environment, databases, gunicorn, nginx and wrk."""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from scale_test import Nginx  # noqa: E402 (deploy/ is not a package)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

DB = os.environ.get("BENCH_DB", "entities_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PORT = int(os.environ.get("BENCH_PORT", "8400"))

ENV = {
    **os.environ,
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Required by production settings; the benchmarks send no mail.
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "DEFAULT_FROM_EMAIL": "Bench <noreply@example.com>",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
}


def say(text: str) -> None:
    print(text, flush=True)


def manage(db: str, *args: str, settings: str = "project.settings.dev") -> str:
    env = {**ENV, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": f"{PG}/{db}"}
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def load(db: str, *args: str) -> str:
    """bench/load.py (the benchmarks' rows) on database ``db``."""
    env = {**ENV, "DJANGO_SETTINGS_MODULE": "project.settings.dev", "DATABASE_URL": f"{PG}/{db}"}
    result = subprocess.run(
        [PYTHON, "bench/load.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def recreate_database(db: str, template: str | None = None) -> None:
    """Drop and create ``db``, empty or as a copy of ``template`` (which must
    have no open connections)."""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{db}"{copy}')


def start_gunicorn(
    app: str,
    port: int,
    env: dict[str, str],
    cwd: Path = ROOT,
    options: Sequence[str] = (),
    ready_path: str = "/healthz",
) -> subprocess.Popen:
    """gunicorn with 2 sync workers on 127.0.0.1:``port``, once ``ready_path`` answers.

    Started in the project folder it reads gunicorn.conf.py, as in production.
    Its access log (a line per request, as in production) goes to /dev/null.
    """
    server = subprocess.Popen(
        [GUNICORN, app, "--workers=2", f"--bind=127.0.0.1:{port}", "--log-level=warning", *options],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=1).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn {app} on port {port} stopped at start") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn {app} did not answer on {ready_path}")


@dataclass
class Upstream:
    """A gunicorn for the scale test's nginx: what it needs of an instance."""

    address: str


def start_nginx(folder: Path, port: int, upstream: int) -> Nginx:
    """The scale test's own nginx (not the system's service), with the proxy
    settings and micro-cache of deploy/nginx/entities-proxy.conf, on ``port`` in
    front of the gunicorn on ``upstream`` (which may start later); ``stop()`` it."""
    folder.mkdir(parents=True, exist_ok=True)
    # nginx's workers run as another user and keep the cache in here.
    folder.chmod(0o755)
    folder.parent.chmod(0o755)
    return Nginx(folder, [Upstream(f"127.0.0.1:{upstream}")], port)


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(
    url: str,
    seconds: float,
    script: Path | None = None,
    env: dict[str, str] | None = None,
    headers: tuple[str, ...] = (),
) -> dict:
    """wrk -t2 -c8: requests/s, p50 and p99 in ms, and the count of answers
    that were not 2xx or 3xx, of socket errors and of those the timeouts."""
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, env=env
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    # "Socket errors: connect 0, read 0, write 0, timeout 12" (wrk's timeout is 2 s).
    socket_errors = re.search(r"Socket errors:(.*)", output)
    timeouts = re.search(r"timeout (\d+)", socket_errors.group(1)) if socket_errors else None
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
        if socket_errors
        else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "output": output,
    }


def machine() -> str:
    """When and where, and how busy the machine is: for the first line of a report."""
    uname = os.uname()
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {uname.sysname} {uname.release}, "
        f"{os.cpu_count()} CPUs ({cpu.group(1) if cpu else 'unknown'}), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
