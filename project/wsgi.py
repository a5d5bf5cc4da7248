"""WSGI entry point (gunicorn); production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

from django.core.wsgi import get_wsgi_application

from project.envvars import configure_settings_module

configure_settings_module("project.settings.prod")

application = get_wsgi_application()
