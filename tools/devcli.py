"""What ``dev.py`` does: the virtualenv, the locked requirements, then Django or pytest.

Standard library only: it runs before anything is installed, under whichever
Python started ``dev.py`` (``py``, ``python`` or ``python3``). ``make run`` and
``make test`` call ``dev.py`` as well, so this is the one implementation of both.

A mistake the person can fix ends with one sentence on stderr that says what to
do, and a non-zero exit status, never a traceback. When a command it starts
fails (``manage.py`` already says a configuration mistake in one sentence), its
exit status is passed on and nothing is added.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import venv
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS_DIR = ROOT / "requirements"
REQUIREMENTS = REQUIREMENTS_DIR / "development.txt"
# Kept in the virtualenv: a hash of the requirement files it was installed from.
STAMP = ".dev-py-requirements"
DEFAULT_PORT = 8000
QUOTES = {'"', "'"}
WINDOWS = os.name == "nt"


class Stop(Exception):
    """A failure the person can fix: one sentence, then the exit status ``code``."""

    def __init__(self, sentence: str, code: int = 1) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.code = code


class ChildFailed(Exception):
    """A command this started failed and has said why; pass its status on."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def unquote(value: str) -> str:
    """``project.envvars.unquote``, which cannot be imported before django-environ is."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        return value[1:-1]
    return value


# --- The virtualenv ------------------------------------------------------------------


def venv_python(venv_dir: Path) -> Path:
    if WINDOWS:
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def requirements_hash() -> str:
    """One hash of every requirement file, so editing any of them reinstalls."""
    digest = hashlib.sha256()
    for path in sorted(REQUIREMENTS_DIR.glob("*.*")):
        if path.suffix not in {".txt", ".in"}:
            continue
        digest.update(path.name.encode() + b"\0")
        # A checkout with Windows line endings is the same set of requirements.
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def venv_is_usable(python: Path) -> bool:
    """The interpreter runs and has pip (a half-made virtualenv has neither)."""
    if not python.is_file():
        return False
    try:
        result = subprocess.run(
            [str(python), "-m", "pip", "--version"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def missing_venv_modules() -> list[str]:
    """Python's own modules a virtualenv with pip needs; Debian splits them out."""
    return [name for name in ("venv", "ensurepip") if importlib.util.find_spec(name) is None]


def create_venv(venv_dir: Path, shown: str) -> None:
    missing = missing_venv_modules()
    if missing:
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        raise Stop(
            f"This Python ({sys.executable}) has no {' and no '.join(missing)} module, "
            f"which creating {shown} needs: on Debian or Ubuntu install it with "
            f"`sudo apt install python3-venv` (or python{version}-venv), elsewhere install "
            "Python from https://www.python.org/downloads/, then run this again."
        )
    say(f"creating {shown} with Python {sys.version.split()[0]}")
    try:
        venv.EnvBuilder(with_pip=True, clear=venv_dir.exists()).create(venv_dir)
    except (OSError, subprocess.CalledProcessError) as exc:
        # Half a virtualenv would be taken for a whole one next time.
        shutil.rmtree(venv_dir, ignore_errors=True)
        raise Stop(
            f"Could not create {shown} ({exc}); check that its folder is writable and "
            "the disk is not full, then run this again."
        ) from None


def pip_install(python: Path, what: str, *args: str) -> None:
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    code = call([*command, *args])
    if code != 0:
        raise Stop(
            f"pip could not install {what} (it exited with status {code}; its "
            "messages are above): when it could not reach the package index, check the "
            "network connection and any proxy or index settings (HTTPS_PROXY, PIP_INDEX_URL), "
            "then run this again."
        )


def ensure_venv(venv_dir: Path) -> Path:
    """The virtualenv's Python, with the requirements installed as they are now."""
    shown = display(venv_dir)
    python = venv_python(venv_dir)
    stamp = venv_dir / STAMP
    wanted = requirements_hash()
    if python.is_file() and stamp.is_file() and stamp.read_text().strip() == wanted:
        return python
    if not venv_is_usable(python):
        create_venv(venv_dir, shown)
    stamp.unlink(missing_ok=True)
    requirements = display(REQUIREMENTS)
    say(f"installing {requirements} into {shown} (about a minute the first time)")
    # The pip that comes with Python may be too old for the lock files' hashes and wheels.
    pip_install(python, "a newer pip", "--upgrade", "pip")
    pip_install(python, requirements, "--require-hashes", "-r", str(REQUIREMENTS))
    stamp.write_text(wanted + "\n")
    return python


def display(path: Path) -> str:
    """A path as short as it can be said: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- Running commands ----------------------------------------------------------------


def call(command: Sequence[str]) -> int:
    """Run ``command`` in the project folder; stop it too when this is stopped."""
    process = subprocess.Popen(list(command), cwd=ROOT)
    try:
        return process.wait()
    except BaseException:
        # Ctrl+C reaches the child as well; give it time to shut down cleanly.
        if not WINDOWS:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


def manage(python: Path, *args: str, quiet: bool = False) -> None:
    command = [str(python), str(ROOT / "manage.py"), *args]
    if quiet:
        process = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        code = process.returncode
    else:
        code = call(command)
    if code != 0:
        raise ChildFailed(code)


def port_from_environment() -> int:
    raw = unquote(os.environ.get("PORT", ""))
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise Stop(
            f"Configuration error: PORT is {raw!r}, which is not a port number; "
            f"set it to a number such as {DEFAULT_PORT}, or unset it."
        )
    return int(raw)


# --- The commands --------------------------------------------------------------------


def command_venv(venv_dir: Path, args: list[str]) -> None:
    ensure_venv(venv_dir)


def command_run(venv_dir: Path, args: list[str]) -> None:
    port = port_from_environment()
    python = ensure_venv(venv_dir)
    manage(python, "migrate", "--noinput")
    manage(python, "seed_demo", "--if-empty")
    manage(python, "runserver", f"127.0.0.1:{port}")


def command_test(venv_dir: Path, args: list[str]) -> None:
    python = ensure_venv(venv_dir)
    # A configuration mistake would otherwise reach pytest, which shows it in a
    # traceback; manage.py says it in one sentence. Quick, and no database is touched.
    manage(python, "check", quiet=True)
    # On every core (pytest-xdist: each worker has its own test database and live
    # server); a later ``-n 0`` among ``args`` runs it in this one process.
    code = call([str(python), "-m", "pytest", "-n", "auto", *args])
    if code != 0:
        raise ChildFailed(code)


COMMANDS = {
    "run": (command_run, "migrate, add demo data to an empty database, serve on 127.0.0.1:$PORT"),
    "test": (command_test, "run the whole test suite; further arguments go to pytest"),
    "venv": (command_venv, "only create or update the virtualenv"),
}


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dev.py",
        description="Set up .venv as needed, then serve the site or run the tests.",
        epilog="; ".join(f"{name}: {text}" for name, (_, text) in COMMANDS.items()),
    )
    parser.add_argument(
        "--venv",
        type=Path,
        default=ROOT / ".venv",
        help="the virtualenv to create and use (default: .venv in the project folder)",
    )
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str]) -> int:
    # A path with letters the console's code page lacks must not end in a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if not WINDOWS:
        # Stopped by a supervisor (or CI): stop the server too, as Ctrl+C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    if not argv:
        parser().print_help()
        return 2
    options = parser().parse_args(argv)
    if options.command != "test" and options.args:
        parser().error(f"{options.command} takes no further arguments")
    handler, _ = COMMANDS[options.command]
    try:
        handler(options.venv.absolute(), options.args)
    except Stop as stop:
        print(stop.sentence, file=sys.stderr)
        return stop.code
    except ChildFailed as failed:
        return failed.code
    except KeyboardInterrupt:
        return 130
    return 0
