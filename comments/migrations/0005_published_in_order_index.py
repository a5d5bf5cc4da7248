from django.db import migrations, models


def no_statement_timeout(apps, schema_editor):
    """Indexing the published comments reads the whole table: about 10 s at five
    million comments, more than a request may take (DATABASE_STATEMENT_TIMEOUT_MS)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_comment_address"),
    ]

    operations = [
        migrations.RunPython(no_statement_timeout, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["entity", "created_at", "id"],
                name="comment_published_in_order",
            ),
        ),
    ]
