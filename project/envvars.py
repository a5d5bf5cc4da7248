"""Reading the environment: django-environ, plus values wrapped in quotes.

Standard library and django-environ only, so it can run before Django is set up.
"""

import os
from collections.abc import Iterator, Mapping

import environ

QUOTES = {'"', "'"}


def unquote(value: str) -> str:
    """Return ``value`` without one pair of matching surrounding quotes.

    On Windows, ``set NAME="value"`` keeps the quotes as part of the value; the
    value meant is the one inside them.
    """
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        return value[1:-1]
    return value


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
