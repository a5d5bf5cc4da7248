import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baseline.settings")

application = get_wsgi_application()
# As the project's gunicorn.conf.py does once the site is loaded (gunicorn --preload
# imports this module in the master), so the comparison is of the sites alone.
gc.freeze()
