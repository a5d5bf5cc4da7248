"""Fill the database with readable demo entities and comments.

It lives in the comments app because it writes both models (``comments`` may
import from ``entities``, not the other way round). Running it again adds only
what is missing. Rows are written with ``bulk_create``, which sends no
``pre_save`` signal, so slugs come from the same helpers the signal uses, and
the comment counts are set here.

``--fast`` (PostgreSQL) writes the rows with ``INSERT … SELECT … FROM
generate_series`` in the database itself: a million entities and five million
comments in a few minutes, for benchmarks. ``--busy-entity N`` adds one entity
with N comments, the worst case for an entity page.
"""

import random
import time
from datetime import timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from comments.models import Comment
from entities.models import Entity
from entities.names import name_key
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


BUSY_ENTITY_NAME = "The most discussed entity"


def demo_name(number: int) -> str:
    return f"{TITLES[number % len(TITLES)]} {number}"


# One statement adds the entities (skipping any that clash with an existing
# name or slug) and their comments. Names and slugs follow demo_name() and
# slug_base(); arrays are 1-based in SQL.
FAST_INSERT = """
WITH new AS (
    INSERT INTO {entity} (name, name_key, slug, content, created_at, updated_at, comment_count)
    SELECT titles[mod(n, cardinality(titles)) + 1] || ' ' || n,
           keys[mod(n, cardinality(keys)) + 1] || ' ' || n,
           slugs[mod(n, cardinality(slugs)) + 1] || '-' || n,
           texts[mod(n, cardinality(texts)) + 1],
           at, at, %(comments)s
    FROM (SELECT n,
                 %(now)s - make_interval(mins => %(entities)s - n,
                                         secs => mod(n::bigint * 7919, 60)) AS at,
                 %(titles)s::text[] AS titles, %(keys)s::text[] AS keys,
                 %(slugs)s::text[] AS slugs,
                 %(texts)s::text[] AS texts
          FROM generate_series(1, %(entities)s) AS n) AS numbers
    ON CONFLICT DO NOTHING
    RETURNING id, created_at
)
INSERT INTO {comment} (entity_id, name, email, content, created_at)
SELECT new.id, (%(authors)s::text[])[mod(new.id + k, %(author_count)s) + 1], '',
       (%(lines)s::text[])[mod(new.id * k, %(line_count)s) + 1],
       new.created_at + (%(now)s - new.created_at) * k / (%(comments)s + 1)
FROM new CROSS JOIN generate_series(1, %(comments)s) AS k
"""

BUSY_COMMENTS = """
INSERT INTO {comment} (entity_id, name, email, content, created_at)
SELECT %(entity)s, (%(authors)s::text[])[mod(k, %(author_count)s) + 1], '',
       (%(lines)s::text[])[mod(k, %(line_count)s) + 1],
       %(start)s + make_interval(secs => k)
FROM generate_series(%(first)s, %(last)s) AS k
"""


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
        parser.add_argument(
            "--fast",
            action="store_true",
            help="PostgreSQL only: write the rows in the database itself, for big benchmark sets.",
        )
        parser.add_argument(
            "--busy-entity",
            type=int,
            default=0,
            metavar="N",
            help=f"Also make sure “{BUSY_ENTITY_NAME}” exists with at least N comments.",
        )

    def handle(
        self,
        *args: Any,
        entities: int,
        comments: int,
        if_empty: bool,
        force: bool,
        fast: bool,
        busy_entity: int,
        **options: Any,
    ) -> None:
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
        self.verbosity = options["verbosity"]
        if fast and connection.vendor != "postgresql":
            raise CommandError("--fast needs PostgreSQL; leave it out on other databases.")

        if fast:
            self.seed_fast(entities, comments)
        else:
            self.seed(entities, comments)
        if busy_entity:
            self.seed_busy_entity(busy_entity, fast)
        if fast:
            # Fresh statistics for the planner and a visibility map, so that
            # page reads can be index-only scans. VACUUM cannot run inside a
            # transaction (as under the test runner); ANALYZE can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute(f"{command} {Entity._meta.db_table}, {Comment._meta.db_table}")
            self.progress(f"{command} in {time.monotonic() - started:.0f} s")

    def progress(self, text: str) -> None:
        if self.verbosity > 1:
            self.stdout.write(text)

    def seed(self, entities: int, comments: int) -> None:

        rng = random.Random(entities)  # noqa: S311 (demo text, repeatable on purpose; no secret)
        existing_keys = set(Entity.objects.values_list("name_key", flat=True))
        taken_slugs = set(Entity.objects.values_list("slug", flat=True))
        now = timezone.now()
        new_entities = []
        for number in range(1, entities + 1):
            name = demo_name(number)
            if name_key(name) in existing_keys:
                continue
            slug = free_slug(slug_base(name), taken_slugs)
            taken_slugs.add(slug)
            created = now - timedelta(minutes=entities - number, seconds=rng.randint(0, 59))
            new_entities.append(
                Entity(
                    name=name,
                    name_key=name_key(name),
                    slug=slug,
                    content=TEXTS[number % len(TEXTS)],
                    created_at=created,
                    updated_at=created,
                    comment_count=comments,
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

    def seed_fast(self, entities: int, comments: int) -> None:
        tables = [Entity._meta.db_table, Comment._meta.db_table]
        before = Entity.objects.count()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Writing a million rows takes longer than a request may
            # (DATABASE_STATEMENT_TIMEOUT_MS).
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            # Building an index once at the end is much faster than updating it
            # row by row. Unique indexes stay: they skip the clashing rows.
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique",
                [tables],
            )
            secondary = cursor.fetchall()
            for name, _definition in secondary:
                cursor.execute(f'DROP INDEX "{name}"')
            # Likewise one check of the foreign key at the end instead of one
            # per comment.
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [tables[1]],
            )
            foreign_keys = cursor.fetchall()
            for name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {tables[1]} DROP CONSTRAINT "{name}"')
            started = time.monotonic()
            cursor.execute(
                FAST_INSERT.format(entity=tables[0], comment=tables[1]),
                {
                    "entities": entities,
                    "comments": comments,
                    "now": timezone.now(),
                    "titles": TITLES,
                    "keys": [name_key(title) for title in TITLES],
                    "slugs": [slug_base(title) for title in TITLES],
                    "texts": TEXTS,
                    "authors": AUTHORS,
                    "author_count": len(AUTHORS),
                    "lines": COMMENTS,
                    "line_count": len(COMMENTS),
                },
            )
            comment_count = cursor.rowcount
            self.progress(f"rows written in {time.monotonic() - started:.0f} s")
            # The indexes first, then the foreign keys: PostgreSQL refuses to build
            # an index while a re-added foreign key's checks are pending in the
            # same transaction. One transaction for all of it: an interrupted run
            # leaves the database as it was, never without the indexes its
            # migrations say it has.
            for name, definition in secondary:
                started = time.monotonic()
                cursor.execute(definition)
                self.progress(f"index {name} built in {time.monotonic() - started:.0f} s")
            started = time.monotonic()
            for name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {tables[1]} ADD CONSTRAINT "{name}" {definition}')
            self.progress(f"foreign keys checked in {time.monotonic() - started:.0f} s")
        added = Entity.objects.count() - before
        self.stdout.write(
            self.style.SUCCESS(f"Added {added} entities and {comment_count} comments.")
        )

    def seed_busy_entity(self, wanted: int, fast: bool) -> None:
        # Saved through the ORM, so the slug signal names it.
        entity = Entity.objects.filter(name=BUSY_ENTITY_NAME).first() or Entity.objects.create(
            name=BUSY_ENTITY_NAME,
            content="An entity with very many comments: the heaviest entity page.",
        )
        have = entity.comments.count()
        if have >= wanted:
            return
        start = timezone.now() - timedelta(seconds=wanted)
        with transaction.atomic():
            if fast:
                with connection.cursor() as cursor:
                    cursor.execute(
                        BUSY_COMMENTS.format(comment=Comment._meta.db_table),
                        {
                            "entity": entity.pk,
                            "authors": AUTHORS,
                            "author_count": len(AUTHORS),
                            "lines": COMMENTS,
                            "line_count": len(COMMENTS),
                            "start": start,
                            "first": have + 1,
                            "last": wanted,
                        },
                    )
            else:
                rows = (
                    Comment(
                        entity=entity,
                        name=AUTHORS[k % len(AUTHORS)],
                        content=COMMENTS[k % len(COMMENTS)],
                        created_at=start + timedelta(seconds=k),
                    )
                    for k in range(have + 1, wanted + 1)
                )
                while batch := list(islice(rows, BATCH_SIZE)):
                    Comment.objects.bulk_create(batch)
            Entity.objects.filter(pk=entity.pk).update(comment_count=wanted)
        self.stdout.write(self.style.SUCCESS(f"“{entity.name}” has {wanted} comments."))
