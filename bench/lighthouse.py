"""Lighthouse (mobile) on the list, entity, search and sign-in pages.

    .venv/bin/python bench/lighthouse.py            # production settings, gunicorn
    .venv/bin/python bench/lighthouse.py --dev      # development settings, as `make run`

It makes a throwaway SQLite database with demo data (``seed_demo``), serves it on
127.0.0.1 (gunicorn with gunicorn.conf.py under production settings, TLS redirect
off; or ``manage.py runserver`` with the debug toolbar), runs Lighthouse 12.2.3
once per page with the system's Chromium and prints the four category scores.
Figures and what they mean: docs/web-clients.md.

LIGHTHOUSE: the command (default ``npx --yes lighthouse@12.2.3``; Lighthouse 13
needs Node 22). CHROME_PATH: the browser (default /usr/bin/chromium); no
browser is ever downloaded. LIGHTHOUSE_PORT: default 8561.
"""

import argparse
import json
import os
import secrets
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LIGHTHOUSE = shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@12.2.3"))
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8561"))
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def pages(slug: str) -> dict[str, str]:
    return {
        "list": "/entities/",
        "entity": f"/entities/{slug}/",
        "search": "/entities/?q=market",
        "sign-in": "/accounts/login/",
    }


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def lighthouse(url: str, folder: Path) -> tuple[dict[str, float], list[str]]:
    """The four scores, and the audits that cost points."""
    report = folder / "report.json"
    # Lighthouse now and then loses the trace of a load (NO_NAVSTART): try again.
    for _attempt in range(3):
        run = subprocess.run(
            [
                *LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )  # fmt: skip
        if run.returncode == 0:
            break
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    result = json.loads(report.read_text())
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    failed = [
        f"{name}: {ref['id']} ({result['audits'][ref['id']]['score']})"
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"]
        and result["audits"][ref["id"]]["score"] is not None
        and result["audits"][ref["id"]]["score"] < 1
    ]
    return scores, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="development settings (make run)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/lighthouse.sqlite3",
            "SECRET_KEY": "lighthouse-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "DEFAULT_FROM_EMAIL": "Lighthouse <noreply@example.com>",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_SETTINGS_MODULE": "project.settings." + ("dev" if options.dev else "prod"),
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_WORKERS": "2",
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run(
            [*manage, "seed_demo", "--force"],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        slug = subprocess.run(
            [*manage, "shell", "-c",
             "from entities.models import Entity; print(Entity.objects.first().slug)"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.split()[-1]  # fmt: skip
        if options.dev:
            server = [*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"]
        else:
            subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
            server = [GUNICORN]
        process = subprocess.Popen(server, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            root = f"http://127.0.0.1:{PORT}"
            wait_for(root + "/healthz")
            print(f"{'page':10}" + "".join(f"{name:>16}" for name in CATEGORIES))
            for name, path in pages(slug).items():
                scores, failed = lighthouse(root + path, Path(folder))
                print(f"{name:10}" + "".join(f"{scores[c]:>16.2f}" for c in CATEGORIES))
                for audit in failed:
                    print(f"{'':10}  below 1: {audit}")
                sys.stdout.flush()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
