#!/usr/bin/env python
"""Django's command-line utility; uses the development settings unless told otherwise."""

import sys


def main() -> None:
    from project.envvars import configure_settings_module

    configure_settings_module("project.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")


if __name__ == "__main__":
    main()
