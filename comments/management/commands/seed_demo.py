"""Fill the database with readable demo entities and comments.

It lives in the comments app because it writes both models (``comments`` may
import from ``entities``, not the other way round). Running it again adds only
what is missing. Rows are written with ``bulk_create``, which sends no
``pre_save`` signal, so slugs come from the same helpers the signal uses.
"""

import random
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity
from entities.signals import free_slug, slug_base

BATCH_SIZE = 2000

TITLES = [
    "Northern lighthouse",
    "Old botanical garden",
    "City library",
    "Mountain railway",
    "Harbour market",
    "Observatory on the hill",
    "Riverside bakery",
    "Glass bridge",
    "Северный маяк",
    "Старый ботанический сад",
    "Городская библиотека",
    "Горная железная дорога",
    "Рыбный рынок",
    "Обсерватория на холме",
    "Пекарня у реки",
    "Стеклянный мост",
]
TEXTS = [
    "A place people keep coming back to. Opening hours change with the seasons.",
    "Built more than a century ago and restored twice since.\nGuided tours on weekends.",
    "Locals recommend arriving early: by noon it is crowded.",
    "Место, куда хочется возвращаться. Часы работы меняются в зависимости от сезона.",
    "Построено больше века назад и с тех пор дважды реставрировалось.",
]
AUTHORS = ["Anna", "Boris", "Chloe", "Dmitry", "Elena", "Felix", "Галина", "Иван", "Мария", "Олег"]
COMMENTS = [
    "Visited last summer, well worth the trip.",
    "The view at sunset is the best part.",
    "Could use better signs, we got lost twice.",
    "Great for children, they loved it.",
    "Были здесь в прошлом году — очень понравилось.",
    "Лучше приходить утром, пока мало людей.",
    "Спасибо за подробное описание!",
]


def demo_name(number: int) -> str:
    return f"{TITLES[number % len(TITLES)]} {number}"


class Command(BaseCommand):
    help = "Create demo entities (some with Russian names) and comments; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entities", type=int, default=50, help="How many demo entities.")
        parser.add_argument("--comments", type=int, default=5, help="Comments per new entity.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any entity exists."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even under production settings."
        )

    def handle(self, *args, entities: int, comments: int, if_empty: bool, force: bool, **options):
        if settings.ENVIRONMENT == "production" and not force:
            raise CommandError(
                "seed_demo adds demo data, which production settings protect against; "
                "pass --force if this database really should get it."
            )
        if entities < 0 or comments < 0:
            raise CommandError("--entities and --comments must be zero or more.")
        if if_empty and Entity.objects.exists():
            self.stdout.write("The database already has entities; nothing added.")
            return

        rng = random.Random(entities)
        existing_names = {name.lower() for name in Entity.objects.values_list("name", flat=True)}
        taken_slugs = set(Entity.objects.values_list("slug", flat=True))
        now = timezone.now()
        new_entities = []
        for number in range(1, entities + 1):
            name = demo_name(number)
            if name.lower() in existing_names:
                continue
            slug = free_slug(slug_base(name), taken_slugs)
            taken_slugs.add(slug)
            created = now - timedelta(minutes=entities - number, seconds=rng.randint(0, 59))
            new_entities.append(
                Entity(
                    name=name,
                    slug=slug,
                    content=TEXTS[number % len(TEXTS)],
                    created_at=created,
                    updated_at=created,
                )
            )

        with transaction.atomic():
            created_entities = Entity.objects.bulk_create(new_entities, batch_size=BATCH_SIZE)
            comment_rows = (
                Comment(
                    entity=entity,
                    name=rng.choice(AUTHORS),
                    content=rng.choice(COMMENTS),
                    created_at=entity.created_at
                    + (now - entity.created_at) * (index + 1) / (comments + 1),
                )
                for entity in created_entities
                for index in range(comments)
            )
            comment_count = 0
            while batch := list(islice(comment_rows, BATCH_SIZE)):
                Comment.objects.bulk_create(batch)
                comment_count += len(batch)

        self.stdout.write(
            self.style.SUCCESS(
                f"Added {len(created_entities)} entities and {comment_count} comments."
            )
        )
