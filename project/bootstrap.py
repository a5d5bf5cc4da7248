"""Choose the settings module before Django starts, with a clear error when it is wrong.

Used by ``manage.py``, ``wsgi.py`` and ``asgi.py``. It runs before settings are
loaded, so it can only use the standard library.
"""

import importlib.util
import os

from .envvars import unquote


def configure_settings_module(default: str) -> None:
    """Set ``DJANGO_SETTINGS_MODULE`` (default, or the environment's value without quotes).

    Raises ``SystemExit`` with one sentence when the module does not exist, instead
    of the long chain of import errors Python would print later.
    """
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
