"""django-environ over an environment whose values may be wrapped in quotes.

On Windows, ``set NAME="value"`` keeps the quotes; django-environ has no option
to drop them. Imports no Django, so it runs before Django is set up.
"""

import os
from collections.abc import Iterator, Mapping

import environ

QUOTES = {'"', "'"}


def unquote(value: str) -> str:
    """``value`` without one pair of matching surrounding quotes."""
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
