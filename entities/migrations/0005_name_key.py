# Uniqueness of names moves from UNIQUE(LOWER(name)) to a stored key column with a
# plain unique constraint: the name's normal form, case-folded
# (entities.names.name_key). Every client of the database agrees on it, where
# LOWER() differs between SQLite clients (the site used to replace SQLite's own).
# The content gets its 20,000-character limit (no change in the database).

import re
import unicodedata

from django.db import migrations, models

BATCH_SIZE = 2000

# A copy of entities.names.name_key as it was when this migration was written: a
# migration computes what it computed then, whatever the application does later.
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
WHITESPACE = re.compile(r"\s+")


def name_key(value: str) -> str:
    """The name's normal form (NFKC, no ignorables, one space), case-folded."""
    value = IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    value = IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    value = WHITESPACE.sub(" ", value).strip()
    return unicodedata.normalize("NFKC", value.casefold())


def lift_statement_timeout(apps, schema_editor):
    # DATABASE_STATEMENT_TIMEOUT_MS bounds requests; filling a big table may take
    # longer. SET LOCAL: for this migration's transaction only.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


def fill_name_keys(apps, schema_editor, name_key=name_key, field="name_key"):
    # Migration 0007 passes keys of its own time.
    Entity = apps.get_model("entities", "Entity")
    db = schema_editor.connection.alias
    owners: dict[str, tuple[int, str]] = {}
    batch = []
    for pk, name in Entity.objects.using(db).order_by("pk").values_list("pk", "name").iterator():
        key = name_key(name)
        if key in owners:
            other_pk, other_name = owners[key]
            raise RuntimeError(
                f"Entities {other_pk} ({other_name!r}) and {pk} ({name!r}) have one "
                f"{field.replace('_', ' ')}: the same name, or names that look the same; rename "
                "one of them (in the admin or the shell) and run migrate again."
            )
        owners[key] = (pk, name)
        batch.append(Entity(pk=pk, **{field: key}))
        if len(batch) == BATCH_SIZE:
            Entity.objects.using(db).bulk_update(batch, [field])
            batch = []
    Entity.objects.using(db).bulk_update(batch, [field])


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0004_speed_layer"),
    ]

    operations = [
        migrations.RunPython(lift_statement_timeout, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="entity",
            name="entity_name_unique_ignoring_case",
        ),
        migrations.AddField(
            model_name="entity",
            name="name_key",
            field=models.CharField(
                default="", editable=False, max_length=800, verbose_name="name key"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="entity",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="entity_name_key_unique",
                violation_error_message="An entity with this name already exists.",
            ),
        ),
        migrations.AlterField(
            model_name="entity",
            name="content",
            field=models.TextField(blank=True, max_length=20000, verbose_name="text"),
        ),
    ]
