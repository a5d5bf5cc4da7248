"""``dev.py``, the way in on every system: each mistake a newcomer can make ends in one sentence.

The script runs in a subprocess from a copy of the project in a folder whose path
has spaces and Cyrillic letters, as on ``C:\\Users\\Иван Петров\\Мой проект``.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tools import devcli

ROOT = Path(settings.BASE_DIR)
# What a developer's shell or CI may have set that would change what dev.py sees.
CONFIGURATION = {
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "ADMIN_URL",
    "REDIS_URL",
    "PORT",
    "DJANGO_READ_DOT_ENV_FILE",
    "PYTEST_ADDOPTS",
}
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "*.sqlite3", "__pycache__", "staticfiles", "node_modules", ".env",
    ".pytest_cache", ".ruff_cache", "test-results",
)  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project (without .venv, .env or a database) in an awkward folder."""
    folder = tmp_path / "ci dir" / "Мой проект"
    shutil.copytree(ROOT, folder, ignore=COPY_IGNORE)
    return folder


@pytest.fixture
def installed_venv() -> Path:
    """The virtualenv running these tests, when dev.py made it for these requirements.

    dev.py would otherwise install into it (and need the network) before the
    mistake under test is reached.
    """
    venv_dir = Path(sys.prefix)
    stamp = venv_dir / devcli.STAMP
    if not stamp.is_file() or stamp.read_text().strip() != devcli.requirements_hash():
        pytest.skip("the tests' virtualenv was not set up by dev.py; run them with make test")
    return venv_dir


def environment(**changes: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CONFIGURATION}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(changes)
    return env


def dev(
    folder: Path, *args: str, python: str = sys.executable, prelude: str = "", **env: str
) -> subprocess.CompletedProcess:
    """Run ``python dev.py ARGS`` in ``folder``; ``prelude`` runs first in the same interpreter."""
    if prelude:
        command = [
            python,
            "-c",
            f"{prelude}\nimport runpy, sys\nsys.argv = ['dev.py', *sys.argv[1:]]\n"
            "runpy.run_path('dev.py', run_name='__main__')",
            *args,
        ]
    else:
        command = [python, "dev.py", *args]
    return subprocess.run(
        command,
        cwd=folder,
        env=environment(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def assert_ends_with_one_sentence(result: subprocess.CompletedProcess, *words: str) -> str:
    """The run failed, without a traceback, and its last line says what to do."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.endswith("."), result.stderr
    for word in words:
        assert word in last, result.stderr
    return last


def assert_one_sentence(result: subprocess.CompletedProcess, *words: str) -> None:
    assert_ends_with_one_sentence(result, *words)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# --- Python itself -------------------------------------------------------------------


def test_python_older_than_needed_is_told_which_to_install(project):
    result = dev(project, "run", prelude="import sys; sys.version_info = (3, 8, 10, 'final', 0)")
    assert_one_sentence(result, "Python 3.11 or newer", "Python 3.8", "python.org", "py -3.11")
    assert not (project / ".venv").exists()


def old_pythons() -> list[str]:
    """Older interpreters on this machine (pyenv's, python2.7…), one per minor version."""
    roots = [os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))]
    found = {}
    candidates = sorted(glob.glob(os.path.join(roots[0], "versions", "*", "bin", "python")))
    candidates += [
        path
        for name in ("python2", "python2.7", "python3.8", "python3.9", "python3.10")
        if (path := shutil.which(name))
    ]
    # Asked all at once: this runs while each pytest-xdist worker collects, and one after
    # the other (pyenv's shims are shell scripts) they took seconds.
    asked = []
    for path in candidates:
        try:
            process = subprocess.Popen(
                [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        except OSError:
            continue
        asked.append((path, process))
    for path, process in asked:
        try:
            version = process.communicate(timeout=10)[0].strip()
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            continue
        if version and tuple(map(int, version.split("."))) < (3, 11):
            found.setdefault(version, path)
    return list(found.values())


@pytest.mark.parametrize("python", old_pythons() or [None])
def test_a_real_old_python_gets_one_sentence_not_a_syntax_error(project, python):
    if python is None:
        pytest.skip("no Python older than 3.11 on this machine")
    result = dev(project, "run", python=python)
    assert_one_sentence(result, "Python 3.11 or newer")


def test_python_without_venv_module_is_told_to_install_python3_venv(project):
    # What Debian's python3 is without python3-venv: no ensurepip.
    result = dev(project, "run", prelude="import sys; sys.modules['ensurepip'] = None")
    assert_one_sentence(result, "ensurepip", "apt install python3-venv")
    assert not (project / ".venv").exists()


# --- The package index ---------------------------------------------------------------


@pytest.mark.slow
def test_unreachable_package_index_ends_in_one_sentence(project):
    result = dev(
        project,
        "run",
        # Nothing listens on the discard port; no other source of packages either.
        PIP_INDEX_URL="http://127.0.0.1:9/simple/",
        PIP_EXTRA_INDEX_URL="",
        PIP_FIND_LINKS="",
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_CACHE_DIR="1",
        PIP_RETRIES="0",
        PIP_DEFAULT_TIMEOUT="5",
    )
    assert_ends_with_one_sentence(result, "pip could not install", "package index", "again")
    # The next run tries again instead of taking the virtualenv for installed.
    assert not (project / ".venv" / devcli.STAMP).exists()
    assert not (project / "db.sqlite3").exists()


# --- Configuration mistakes, through dev.py ------------------------------------------


def test_port_that_is_not_a_number_names_the_variable(project):
    # `set PORT="80 80"` in cmd keeps the quotes; they are not the mistake.
    result = dev(project, "run", PORT='"80 80"')
    assert_one_sentence(result, "Configuration error: PORT is '80 80'")


def test_quoted_unknown_database_url_scheme_names_the_variable(project, installed_venv):
    result = dev(project, "--venv", str(installed_venv), "run", DATABASE_URL='"mongodb://x/db"')
    assert_one_sentence(result, "Configuration error: DATABASE_URL", "'mongodb'")


def test_quoted_settings_module_that_does_not_exist_names_the_variable(project, installed_venv):
    result = dev(
        project,
        "--venv",
        str(installed_venv),
        "run",
        DJANGO_SETTINGS_MODULE='"project.settings.staging"',
    )
    assert_one_sentence(result, "Configuration error: DJANGO_SETTINGS_MODULE")


def test_typo_in_dot_env_names_the_variable(project, installed_venv):
    (project / ".env").write_text("DATABASE_URL=postgress://entities@127.0.0.1/entities\n")
    result = dev(project, "--venv", str(installed_venv), "run", DJANGO_READ_DOT_ENV_FILE="True")
    assert_one_sentence(result, "Configuration error: DATABASE_URL", "'postgress'")


def test_configuration_mistake_stops_the_tests_in_one_sentence(project, installed_venv):
    (project / ".env").write_text("ADMIN_URL=/staff\n")
    result = dev(project, "--venv", str(installed_venv), "test", DJANGO_READ_DOT_ENV_FILE="True")
    assert_one_sentence(result, "Configuration error: ADMIN_URL")


def stop(process: subprocess.Popen) -> None:
    if os.name == "nt":
        # The server runs in children of dev.py; end the whole tree.
        # Windows' own taskkill, found on its PATH.
        taskkill = ["taskkill", "/T", "/F", "/PID", str(process.pid)]
        subprocess.run(taskkill, capture_output=True)
    else:
        process.terminate()
    process.wait(timeout=30)


def free_port() -> int:
    """A port nothing listens on now, from the system: the suite runs in parallel,
    and other work on the machine may hold any port chosen here."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_run_with_quoted_values_migrates_seeds_and_serves(project, installed_venv):
    database = project / "quoted.sqlite3"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "dev.py", "--venv", str(installed_venv), "run"],
        cwd=project,
        env=environment(PORT=f'"{port}"', DATABASE_URL=f'"sqlite:///{database}"'),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/entities/", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the site did not answer in 120 s"
                time.sleep(0.1)
    finally:
        stop(process)
    output = process.stdout.read().decode(errors="replace")
    assert "Traceback" not in output
    assert "Added 24 entities" in output
    assert database.is_file()
    if os.name != "nt":
        # SIGTERM stops dev.py and the server it started, not dev.py alone.
        assert process.returncode == 128 + 15
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/entities/", timeout=2)


# --- The virtualenv, without installing anything -------------------------------------


def test_tests_run_on_every_core_unless_the_arguments_say_otherwise(monkeypatch):
    commands = []
    monkeypatch.setattr(devcli, "ensure_venv", lambda venv_dir: Path("python"))
    monkeypatch.setattr(devcli, "manage", lambda *args, **kwargs: None)
    monkeypatch.setattr(devcli, "call", lambda command: commands.append(command) or 0)
    devcli.command_test(Path("v"), ["-n", "0"])
    # pytest-xdist takes the last -n: the person's own wins.
    assert commands == [["python", "-m", "pytest", "-n", "auto", "-n", "0"]]


def test_virtualenv_python_is_in_scripts_on_windows_and_bin_elsewhere(monkeypatch):
    monkeypatch.setattr(devcli, "WINDOWS", True)
    assert devcli.venv_python(Path("v")) == Path("v", "Scripts", "python.exe")
    monkeypatch.setattr(devcli, "WINDOWS", False)
    assert devcli.venv_python(Path("v")) == Path("v", "bin", "python")


@pytest.fixture
def fake_venv(tmp_path, monkeypatch) -> tuple[Path, list]:
    """A virtualenv folder with a Python file in it; pip calls are recorded, not made."""
    venv_dir = tmp_path / "venv"
    python = devcli.venv_python(venv_dir)
    python.parent.mkdir(parents=True)
    python.write_text("")
    calls = []
    monkeypatch.setattr(devcli, "venv_is_usable", lambda python: True)
    monkeypatch.setattr(devcli, "call", lambda command: calls.append(command) or 0)
    monkeypatch.setattr(devcli, "say", lambda message: None)
    return venv_dir, calls


def test_unchanged_requirements_are_not_installed_again(fake_venv):
    venv_dir, calls = fake_venv
    (venv_dir / devcli.STAMP).write_text(devcli.requirements_hash() + "\n")
    devcli.ensure_venv(venv_dir)
    assert calls == []


def test_changed_requirements_upgrade_pip_then_install_and_stamp(fake_venv):
    venv_dir, calls = fake_venv
    (venv_dir / devcli.STAMP).write_text("an older hash\n")
    devcli.ensure_venv(venv_dir)
    assert [command[6:] for command in calls] == [
        ["--upgrade", "pip"],
        ["--require-hashes", "-r", str(devcli.REQUIREMENTS)],
    ]
    assert (venv_dir / devcli.STAMP).read_text().strip() == devcli.requirements_hash()


def test_requirements_hash_ignores_windows_line_endings(tmp_path, monkeypatch):
    (tmp_path / "base.txt").write_bytes(b"Django==5.2\n")
    monkeypatch.setattr(devcli, "REQUIREMENTS_DIR", tmp_path)
    unix = devcli.requirements_hash()
    (tmp_path / "base.txt").write_bytes(b"Django==5.2\r\n")
    assert devcli.requirements_hash() == unix
    (tmp_path / "base.txt").write_bytes(b"Django==5.2.1\n")
    assert devcli.requirements_hash() != unix
