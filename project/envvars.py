"""The environment without the quotes Windows' ``set NAME="value"`` keeps (django-environ
has no option to drop them), rates such as "5/m" (allauth's reader is private API), and
the settings module, with one sentence when it is wrong."""

import importlib.util
import os
import re
from collections.abc import Iterator, Mapping

import environ

QUOTES = {'"', "'"}
UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# allauth's syntax, without what is counted: base.py adds it.
RATE_PATTERN = re.compile(r"^([1-9]\d*)/([1-9]\d*)?([smhd])$")


def unquote(value: str) -> str:
    """``value`` without one pair of matching surrounding quotes."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        return value[1:-1]
    return value


def parse_rate(value: str) -> tuple[int, int] | None:
    """Read "10/15m" as (10, 900), a count and seconds; None for what allauth cannot read."""
    match = RATE_PATTERN.match(value)
    if not match:
        return None
    return int(match[1]), int(match[2] or 1) * UNIT_SECONDS[match[3]]


class UnquotedEnviron(Mapping):
    """A read-only view of ``os.environ`` whose values are unquoted."""

    def __getitem__(self, key: str) -> str:
        return unquote(os.environ[key])

    def __iter__(self) -> Iterator[str]:
        return iter(os.environ)

    def __len__(self) -> int:
        return len(os.environ)


class Env(environ.Env):
    """django-environ's reader over the unquoted environment."""

    ENVIRON = UnquotedEnviron()


def configure_settings_module(default: str) -> None:
    """Set ``DJANGO_SETTINGS_MODULE``; one sentence, not a chain of import errors, if wrong."""
    name = unquote(os.environ.get("DJANGO_SETTINGS_MODULE", "")) or default
    os.environ["DJANGO_SETTINGS_MODULE"] = name
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise SystemExit(
            f"Configuration error: DJANGO_SETTINGS_MODULE is {name!r}, which is not an "
            "importable module; set it to project.settings.dev or project.settings.prod, "
            "or unset it."
        )
