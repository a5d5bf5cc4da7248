"""The benchmarks' data: N entities with C comments each, written by PostgreSQL itself.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py --entities 1000000 --comments 5

``INSERT … SELECT … FROM generate_series`` writes a million entities and five
million comments in a few minutes; run again with a larger N, it adds only the
entities that are missing. ``--busy-entity N`` adds one entity with N comments,
the worst case for an entity page. run.py and live.py call it (common.load);
the site's own small demo is ``manage.py seed_demo``.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.dev")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from comments.models import Comment  # noqa: E402
from entities.models import Entity  # noqa: E402
from entities.names import normalise_name, skeleton  # noqa: E402
from entities.signals import slug_base  # noqa: E402

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

# One statement adds the entities (skipping any that clash with an existing
# name or slug) and their comments. Names are "<title> <n>", slugs follow
# slug_base(); arrays are 1-based in SQL.
FAST_INSERT = """
WITH new AS (
    INSERT INTO {entity} (name, name_key, look_key, slug, content, created_at, updated_at,
                          comment_count)
    SELECT titles[mod(n, cardinality(titles)) + 1] || ' ' || n,
           encode(sha256(convert_to(keys[mod(n, cardinality(keys)) + 1] || ' ' || n,
                                    'UTF8')), 'hex'),
           encode(sha256(convert_to(looks[mod(n, cardinality(looks)) + 1] || ' ' || n,
                                    'UTF8')), 'hex'),
           slugs[mod(n, cardinality(slugs)) + 1] || '-' || n,
           texts[mod(n, cardinality(texts)) + 1],
           at, at, %(comments)s
    FROM (SELECT n,
                 %(now)s - make_interval(mins => %(entities)s - n,
                                         secs => mod(n::bigint * 7919, 60)) AS at,
                 %(titles)s::text[] AS titles, %(keys)s::text[] AS keys,
                 %(looks)s::text[] AS looks,
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


def say(text: str) -> None:
    print(text, flush=True)


def load(entities: int, comments: int) -> None:
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
                # entities.names.name_key and look_key of "<title> <n>", in SQL: the
                # skeleton of " <n>" is itself.
                "keys": [skeleton(normalise_name(title).casefold()) for title in TITLES],
                "looks": [skeleton(title) for title in TITLES],
                "slugs": [slug_base(title) for title in TITLES],
                "texts": TEXTS,
                "authors": AUTHORS,
                "author_count": len(AUTHORS),
                "lines": COMMENTS,
                "line_count": len(COMMENTS),
            },
        )
        comment_count = cursor.rowcount
        say(f"rows written in {time.monotonic() - started:.0f} s")
        # The indexes first, then the foreign keys: PostgreSQL refuses to build
        # an index while a re-added foreign key's checks are pending in the
        # same transaction. One transaction for all of it: an interrupted run
        # leaves the database as it was, never without the indexes its
        # migrations say it has.
        for name, definition in secondary:
            started = time.monotonic()
            cursor.execute(definition)
            say(f"index {name} built in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {tables[1]} ADD CONSTRAINT "{name}" {definition}')
        say(f"foreign keys checked in {time.monotonic() - started:.0f} s")
    added = Entity.objects.count() - before
    say(f"Added {added} entities and {comment_count} comments.")


def load_busy_entity(wanted: int) -> None:
    # Saved through the ORM, so the slug signal names it.
    entity = Entity.objects.filter(name=BUSY_ENTITY_NAME).first() or Entity.objects.create(
        name=BUSY_ENTITY_NAME,
        content="An entity with very many comments: the heaviest entity page.",
    )
    have = entity.comments.count()
    if have >= wanted:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(
            BUSY_COMMENTS.format(comment=Comment._meta.db_table),
            {
                "entity": entity.pk,
                "authors": AUTHORS,
                "author_count": len(AUTHORS),
                "lines": COMMENTS,
                "line_count": len(COMMENTS),
                "start": timezone.now() - timedelta(seconds=wanted),
                "first": have + 1,
                "last": wanted,
            },
        )
        Entity.objects.filter(pk=entity.pk).update(comment_count=wanted)
    say(f"“{entity.name}” has {wanted} comments.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, required=True)
    parser.add_argument("--comments", type=int, default=5, help="comments per new entity")
    parser.add_argument("--busy-entity", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "bench/load.py writes with PostgreSQL's generate_series: set DATABASE_URL=postgres://…"
        )
    load(args.entities, args.comments)
    if args.busy_entity:
        load_busy_entity(args.busy_entity)
    # Fresh statistics for the planner and a visibility map, so that page reads
    # can be index-only scans.
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {Entity._meta.db_table}, {Comment._meta.db_table}")
    say(f"VACUUM (ANALYZE) in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
