"""The Django project: settings, URL wiring, WSGI/ASGI entry points and site-wide views."""
