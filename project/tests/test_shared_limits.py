"""Separate processes share the limits through the database cache, with or
without Redis; `migrate` alone makes its table.

Each process here is a separate Python interpreter with its own Django, as
gunicorn workers or machines would be, under the production settings and
without REDIS_URL: only the database is shared.
"""

import os
import subprocess
import sys

from django.conf import settings

HITS = """
import django
django.setup()
from django.test import RequestFactory
from project.rates import within_rate
request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
print(*[within_rate(request, "comment", "5/m") for _ in range(3)])
"""


def run(code: list[str], database: str) -> str:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "SECRET_KEY": "shared-limits-test-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
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

    first, second = run(["-c", HITS], database).split(), run(["-c", HITS], database).split()

    assert first == ["True", "True", "True"]
    assert second == ["True", "True", "False"]
