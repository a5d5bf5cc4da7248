"""SeekPaginator must show exactly the pages plain OFFSET pagination shows."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from entities.models import Entity
from entities.pagination import SeekPaginator, compute_anchors

pytestmark = pytest.mark.django_db

ORDERING = ["-created_at", "-id"]


@pytest.fixture
def entities() -> list[Entity]:
    now = timezone.now()
    # Pairs share a creation time, so the id has to break the ties.
    return Entity.objects.bulk_create(
        Entity(name=f"E{n}", slug=f"e{n}", created_at=now - timedelta(minutes=n // 2))
        for n in range(47)
    )


def plain_pages(per_page: int) -> list[list[int]]:
    paginator = Paginator(Entity.objects.order_by(*ORDERING), per_page)
    return [[e.pk for e in paginator.page(n)] for n in paginator.page_range]


def seek_pages(paginator: SeekPaginator) -> list[list[int]]:
    return [[e.pk for e in paginator.page(n)] for n in paginator.page_range]


def test_every_page_matches_offset_pagination(entities):
    paginator = SeekPaginator(Entity.objects.all(), 5, count=len(entities), ordering=ORDERING)
    assert seek_pages(paginator) == plain_pages(5)


def test_every_page_matches_offset_pagination_when_starting_from_anchors(entities):
    anchors = compute_anchors(Entity.objects.all(), ORDERING, stride=7)
    paginator = SeekPaginator(
        Entity.objects.all(),
        5,
        count=len(entities),
        ordering=ORDERING,
        anchors=lambda: anchors,
        stride=7,
    )
    assert seek_pages(paginator) == plain_pages(5)


def test_anchors_are_every_strideth_row(entities):
    keys = list(Entity.objects.order_by(*ORDERING).values_list("created_at", "id"))
    assert compute_anchors(Entity.objects.all(), ORDERING, stride=10) == keys[::10]


def test_ascending_order_pages_match_offset_pagination(entities):
    ascending = ["created_at", "id"]
    anchors = compute_anchors(Entity.objects.all(), ascending, stride=6)
    paginator = SeekPaginator(
        Entity.objects.all(), 4, count=47, ordering=ascending, anchors=lambda: anchors, stride=6
    )
    expected = Paginator(Entity.objects.order_by(*ascending), 4)
    assert seek_pages(paginator) == [[e.pk for e in expected.page(n)] for n in expected.page_range]


def test_capped_count_offers_only_the_capped_pages(entities):
    paginator = SeekPaginator(Entity.objects.all(), 5, count=20, exact=False, ordering=ORDERING)
    assert (paginator.num_pages, seek_pages(paginator)) == (4, plain_pages(5)[:4])


def test_out_of_range_page_number_shows_the_last_page(entities):
    paginator = SeekPaginator(Entity.objects.all(), 5, count=len(entities), ordering=ORDERING)
    assert paginator.get_page(999).number == 10
