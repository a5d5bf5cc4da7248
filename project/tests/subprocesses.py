"""Django in a fresh interpreter, for what is read once when the site starts."""

import json
import os
import subprocess
import sys

from django.conf import settings


def run_django(code: str, **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings.dev", **environment}
    script = f"import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )


def caches_for(**environment: str) -> dict:
    """The CACHES the development settings make in a new process, ``environment`` added."""
    # An empty REDIS_URL also hides one a developer's .env file may set.
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    result = run_django(code, **{"REDIS_URL": "", **environment})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
