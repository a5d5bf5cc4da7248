"""Compile the hand-written requirements (*.in) into locked, hashed *.txt files.

    python requirements/lock.py            # `make lock`: update the .txt files
    python requirements/lock.py --upgrade  # the same, moving every pin to the newest allowed
    python requirements/lock.py --check    # `make lock-check`: fail when a .txt is behind its .in

Without --upgrade, pip-compile keeps each pin that the .in still allows, so a
lock changes only where an input did. --check compiles a copy of this folder
and compares it with the committed files: it needs the package index (for the
hashes) but changes nothing here.
"""

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# In the order of their layers: each file is constrained by the one before it.
LOCKS = ["base", "production", "development"]
PIP_COMPILE = [
    sys.executable,
    "-m",
    "piptools",
    "compile",
    "--quiet",
    "--generate-hashes",
    "--allow-unsafe",  # pip and setuptools are pinned too
    "--strip-extras",
    "--no-emit-index-url",  # the lock says what, not where from
    "--no-emit-find-links",
]


def compile_all(folder: Path, upgrade: bool) -> None:
    for name in LOCKS:
        command = [*PIP_COMPILE, *(["--upgrade"] if upgrade else [])]
        command += ["--output-file", f"{name}.txt", f"{name}.in"]
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        if result.returncode:
            sys.stderr.write(result.stdout + result.stderr)
            sys.exit(f"pip-compile failed on requirements/{name}.in")
        print(f"requirements/{name}.txt compiled")


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "requirements"
        shutil.copytree(HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        compile_all(copy, upgrade=False)
        stale = []
        for name in LOCKS:
            committed = (HERE / f"{name}.txt").read_text().splitlines(keepends=True)
            fresh = (copy / f"{name}.txt").read_text().splitlines(keepends=True)
            if committed != fresh:
                stale.append(name)
                sys.stdout.writelines(
                    difflib.unified_diff(
                        committed, fresh, f"requirements/{name}.txt", f"{name}.txt from {name}.in"
                    )
                )
    if stale:
        print(f"\nOut of date: {', '.join(n + '.txt' for n in stale)}. Run `make lock` and commit.")
        return 1
    print("The locks match their inputs.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="fail when a lock is out of date")
    group.add_argument("--upgrade", action="store_true", help="move every pin to the newest")
    args = parser.parse_args()
    if args.check:
        return check()
    compile_all(HERE, upgrade=args.upgrade)
    return 0


if __name__ == "__main__":
    sys.exit(main())
