"""An entity page reads its published comments from their own index, read from the
plans PostgreSQL runs (``EXPLAIN ANALYZE``): a busy entity's count and its last page
never read the rows of its hidden comments, which the index of all comments did."""

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
def test_a_busy_entity_page_reads_none_of_its_hidden_comments(client, busy_entity, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(busy_entity.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    for query in queries:
        if query["sql"].startswith("SELECT") and "comments_comment" in query["sql"]:
            assert rows_read(query["sql"]) <= PUBLISHED + settings.COMMENTS_PER_PAGE, query["sql"]
