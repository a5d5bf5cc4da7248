"""Choose the settings module before Django starts, with one sentence when it is wrong
(for ``manage.py``, ``wsgi.py``, ``asgi.py`` and gunicorn.conf.py)."""

import importlib.util
import os

from .envvars import unquote


def configure_settings_module(default: str) -> None:
    """Set ``DJANGO_SETTINGS_MODULE`` (``default``, or the environment's value without
    quotes); ``SystemExit`` with one sentence instead of a chain of import errors."""
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
