"""Demo entities in English and Russian with a few comments each, saved through the models."""

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity

# The demo's places in each language, each with its own comments: data, not code.
DEMO_DATA = Path(__file__).with_suffix(".json")


class Command(BaseCommand):
    help = "Add demo entities in English and Russian with a few comments; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any entity exists."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even under production settings."
        )

    def handle(self, *args: Any, if_empty: bool, force: bool, **options: Any) -> None:
        if settings.ENVIRONMENT == "production" and not force:
            raise CommandError(
                "seed_demo adds demo data, which production settings protect against; "
                "pass --force if this database really should get it."
            )
        if if_empty and Entity.objects.exists():
            self.stdout.write("The database already has entities; nothing added.")
            return
        rng = random.Random(26)  # noqa: S311 (demo text, the same on every run; no secret)
        languages = json.loads(DEMO_DATA.read_text(encoding="utf-8")).values()
        demo = [entry for entries in languages for entry in entries]
        rng.shuffle(demo)
        now = timezone.now()
        added = comments = 0
        with transaction.atomic():
            for number, entry in enumerate(demo):
                # Chosen before the check, so a second run gives the same choices.
                created = now - timedelta(days=len(demo) - number, minutes=rng.randint(0, 600))
                if Entity.objects.filter(name__iexact=entry["name"]).exists():
                    continue
                said = entry.pop("comments")
                entity = Entity.objects.create(**entry, created_at=created)
                for index, (author, text) in enumerate(said, start=1):
                    Comment.objects.create(
                        entity=entity,
                        name=author,
                        content=text,
                        created_at=created + (now - created) * index / (len(said) + 1),
                    )
                added += 1
                comments += len(said)
        self.stdout.write(self.style.SUCCESS(f"Added {added} entities and {comments} comments."))
