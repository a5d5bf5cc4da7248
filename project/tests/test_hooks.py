"""The pre-commit hooks (``make hooks``) run the project's tools without an activated virtualenv."""

import os
import shlex
import subprocess

import pytest
import yaml
from django.conf import settings

CONFIG = yaml.safe_load((settings.BASE_DIR / ".pre-commit-config.yaml").read_text())
HOOKS = [hook for repo in CONFIG["repos"] for hook in repo["hooks"]]


@pytest.mark.skipif(os.name == "nt", reason="the hooks are installed by make, on Linux and macOS")
@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_hook_runs_without_the_virtualenv_on_path(hook):
    # What `git commit` sees in a shell where the virtualenv is not activated.
    environment = {**os.environ, "PATH": "/usr/bin:/bin"}
    environment.pop("VIRTUAL_ENV", None)

    result = subprocess.run(
        [*shlex.split(hook["entry"]), "--help"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
