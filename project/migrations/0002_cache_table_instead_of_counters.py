"""The abuse limits moved from RateCounter to the "default" cache, a database
cache whose table every ``migrate`` makes here, so no setup can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Django's own command; it leaves an existing table alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("project", "0001_initial")]

    operations = [
        migrations.DeleteModel(name="RateCounter"),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
