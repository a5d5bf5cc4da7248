# Trigram indexes that let PostgreSQL answer the search (UPPER(column) LIKE
# UPPER('%words%'), what Django's icontains sends) without reading the whole
# table. PostgreSQL only: on other databases this migration does nothing, and
# the indexes stay out of the model state, so the models run anywhere.

from django.db import migrations

INDEXES = {
    "entity_name_trigram": "UPPER(name::text) gin_trgm_ops",
    "entity_content_trigram": "UPPER(content::text) gin_trgm_ops",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON entities_entity USING gin ({expression})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0002_comment_count_and_content_version"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
