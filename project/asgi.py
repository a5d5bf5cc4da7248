"""ASGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

from django.core.asgi import get_asgi_application

from project.bootstrap import configure_settings_module

configure_settings_module("project.settings.prod")

application = get_asgi_application()
