"""ASGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise.

It sets DJANGO_ASGI before the settings load, so that they turn persistent
database connections off (CONN_MAX_AGE = 0), as Django's docs ask under ASGI.
"""

import os

from django.core.asgi import get_asgi_application

from project.envvars import configure_settings_module

os.environ["DJANGO_ASGI"] = "1"
configure_settings_module("project.settings.prod")

application = get_asgi_application()
