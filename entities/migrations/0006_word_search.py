# The search becomes full-text search on a stored column of each entity's words
# (EntityQuerySet.search). On PostgreSQL one GIN index of it replaces the two
# trigram indexes of 0003, whose LIKE gave the planner no statistics: it walked
# the whole table for a word nothing contains whenever it guessed the word was
# common. Like 0003, the index stays out of the model state (SQLite has no GIN).
# On SQLite, adding the column rebuilds the entities table (its data is kept).

import django.contrib.postgres.search
from django.db import migrations, models

import entities.models

TRIGRAM = {
    "entity_name_trigram": "UPPER(name::text) gin_trgm_ops",
    "entity_content_trigram": "UPPER(content::text) gin_trgm_ops",
}


def no_statement_timeout(apps, schema_editor):
    """Filling the column rewrites the table: about 30 s at a million entities, more
    than a request may take (DATABASE_STATEMENT_TIMEOUT_MS). For this migration only."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # Without fastupdate, a new entity goes into the index at once, not into a
    # pending list that every search must read through until a vacuum.
    schema_editor.execute(
        "CREATE INDEX entity_search ON entities_entity USING gin (words) WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS entity_search")
    for name, expression in TRIGRAM.items():
        schema_editor.execute(f"CREATE INDEX {name} ON entities_entity USING gin ({expression})")


class Migration(migrations.Migration):
    dependencies = [("entities", "0005_name_key")]

    operations = [
        migrations.RunPython(no_statement_timeout, no_statement_timeout),
        migrations.AddField(
            model_name="entity",
            name="words",
            field=models.GeneratedField(
                db_persist=True,
                expression=entities.models.SearchWords(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
