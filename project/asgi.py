"""ASGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise.
DJANGO_ASGI turns persistent database connections off, as Django's docs ask under ASGI."""

import os

from django.core.asgi import get_asgi_application

from project.envvars import configure_settings_module

os.environ["DJANGO_ASGI"] = "1"
configure_settings_module("project.settings.prod")

application = get_asgi_application()
