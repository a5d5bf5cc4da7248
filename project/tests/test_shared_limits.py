"""Separate processes share the limits through the database cache, with or
without Redis; `migrate` alone makes its table.

Each process here is a separate Python interpreter with its own Django, as
gunicorn workers or machines would be, without REDIS_URL: only the database is
shared. (The test settings: production's would want collected static files to
render the 429 page.)
"""

import os
import subprocess
import sys

from django.conf import settings

# Three sign-ups from one address, each a new person; prints their status codes.
HITS = """
import sys, django
django.setup()
from django.test import Client
from django.urls import reverse
client = Client(REMOTE_ADDR="198.51.100.1")
for n in range(3):
    email = f"{sys.argv[1]}-{n}@example.com"
    password = "a-long-pass-phrase"
    data = {"email": email, "name": "Ann", "password1": password, "password2": password}
    print(client.post(reverse("account_signup"), data).status_code)
"""


def run(code: list[str], database: str) -> str:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "project.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "SIGNUP_RATE_LIMIT": "5/h",
    }
    result = subprocess.run(
        [sys.executable, *code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def test_production_processes_share_one_limit_without_redis(tmp_path):
    database = tmp_path / "shared.sqlite3"
    run(["manage.py", "migrate", "--noinput", "--verbosity", "0"], database)

    first = run(["-c", HITS, "first"], database).split()
    second = run(["-c", HITS, "second"], database).split()

    assert first == ["302", "302", "302"]
    assert second == ["302", "302", "429"]
