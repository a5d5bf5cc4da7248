"""An entity page counts its published comments from their own index alone, read from
the plans PostgreSQL runs (``EXPLAIN ANALYZE``): a busy entity's count reads none of
its hidden comments and no row of the table, which the index of all comments could not
do. Only index-only scans are left to the planner, so the test does not hang on what
it guesses of rows a test's transaction has not let anyone vacuum."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import Entity
from entities.tests.factories import EntityFactory
from entities.tests.test_search_plan import rows_read

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the plans are PostgreSQL's; the PostgreSQL run (as in CI) reads them",
    ),
]

PUBLISHED = HIDDEN = 3_000
OTHERS = 30_000  # another entity's comments: the table is no small one to read whole


def add_comments(entity: Entity, count: int, every_other_hidden: bool = False) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO comments_comment (entity_id, name, email, content, created_at, status)
            SELECT %s, 'Ann', '', 'Comment ' || n, now() - make_interval(secs => n),
                   CASE WHEN %s AND n %% 2 = 1 THEN 'hidden' ELSE 'published' END
            FROM generate_series(1, %s) AS n""",
            [entity.pk, every_other_hidden, count],
        )


@pytest.fixture
def busy_entity() -> Entity:
    add_comments(EntityFactory(), OTHERS)
    entity = EntityFactory()
    add_comments(entity, PUBLISHED + HIDDEN, every_other_hidden=True)
    Entity.objects.filter(pk=entity.pk).update(comment_count=PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")
    return entity


@pytest.mark.parametrize("page", [1, PUBLISHED // settings.COMMENTS_PER_PAGE])
def test_a_busy_entity_page_counts_its_comments_from_the_index_alone(client, busy_entity, page):
    with only_index_only_scans(), CaptureQueriesContext(connection) as queries:
        response = client.get(busy_entity.get_absolute_url(), {"page": page})
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        reads = [rows_read(sql) for sql in counts]
    assert response.status_code == 200
    assert reads == [PUBLISHED] * len(counts) and counts


@contextmanager
def only_index_only_scans() -> Iterator[None]:
    scans = ("seqscan", "bitmapscan", "indexscan")
    with connection.cursor() as cursor:
        for scan in scans:
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    try:
        yield
    finally:  # the foreign keys are checked at the test's end, by any plan
        with connection.cursor() as cursor:
            for scan in scans:
                cursor.execute(f"RESET enable_{scan}")
