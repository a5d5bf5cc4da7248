# Fills Entity.comment_count for comments written before the field existed.

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_comments(apps, schema_editor):
    Entity = apps.get_model("entities", "Entity")
    Comment = apps.get_model("comments", "Comment")
    counts = (
        Comment.objects.filter(entity=OuterRef("pk"))
        .order_by()
        .values("entity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Entity.objects.using(schema_editor.connection.alias).update(
        comment_count=Coalesce(Subquery(counts), 0)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0001_initial"),
        ("entities", "0002_comment_count_and_content_version"),
    ]

    operations = [
        migrations.RunPython(count_comments, migrations.RunPython.noop, elidable=True),
    ]
