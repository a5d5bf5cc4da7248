import gc
import os

from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baseline.settings")

application = get_wsgi_application()
# As the project's gunicorn.conf.py does once the site is loaded (gunicorn --preload
# imports this module in the master), so the comparison is of the sites alone: what
# Django loads on first use is loaded before the workers fork, then frozen.
reverse("entity-list")
for name in ["base.html", "entity_detail.html", "entity_list.html"]:
    get_template(f"baseline/{name}")
gc.freeze()
