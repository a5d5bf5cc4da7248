"""A search reads a bounded number of rows whatever its words match, read from the
plans PostgreSQL runs (``EXPLAIN ANALYZE``) at 20,000 entities. With the trigram
search, a word that nothing contains walked the whole table, newest first.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the plans are PostgreSQL's; the PostgreSQL run (as in CI) reads them",
    ),
]

ENTITIES = 20_000
# A quarter of the entities are called "Glass bridge <n>": a common word, and a
# common phrase whose words the planner takes for independent.
TITLES = ["Glass bridge", "Harbour market", "City library", "Old mill"]
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


@pytest.fixture
def many_entities():
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO entities_entity
                (name, name_key, look_key, slug, content, created_at, updated_at,
                 comment_count)
            SELECT title || ' ' || n, lower(title) || ' ' || n, title || ' ' || n, 'entity-' || n,
                   'A place people come back to.', at, at, 0
            FROM (SELECT n, (%s::text[])[n %% 4 + 1] AS title,
                         now() - make_interval(mins => n) AS at
                  FROM generate_series(1, %s) AS n) AS numbers""",
            [TITLES, ENTITIES],
        )
        cursor.execute("ANALYZE entities_entity")


def rows_read(sql: str) -> int:
    """The table rows the plan of ``sql`` reads: each scan's rows, kept or filtered out."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node: dict) -> int:
        here = 0
        if node["Node Type"] in SCANS:
            kept = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
            here = (kept + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
        return here + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def search_reads(client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("entities:list"), {"q": query})
    assert response.status_code == 200
    return sum(rows_read(q["sql"]) for q in queries if q["sql"].startswith("SELECT"))


@pytest.mark.parametrize("query", ["zzzz", "bridge 7777", "library 12345"])
def test_a_search_for_a_rare_word_reads_only_its_matches(client, many_entities, query):
    assert search_reads(client, query) <= 10


@pytest.mark.parametrize("query", ["bridge", "glass bridge", "bridge -bridge", "glass library"])
def test_a_search_for_a_common_word_reads_a_fraction_of_the_table(client, many_entities, query):
    assert search_reads(client, query) <= ENTITIES // 4
