"""Pagination with the numbered links people expect: 1 … 4 5 [6] 7 8 … 40.

``SeekPaginator`` serves those same numbered pages from tables of any size
without reading the rows before the page (what ``OFFSET n`` does):

- the total is given to it (a counter, a cached count or a capped count), so it
  never runs ``COUNT(*)`` over the table;
- a page in the second half is read backwards from the end, so the last page
  costs what the first one does;
- with *anchors*, the ordering key of every ``stride``-th row (computed once and
  cached until the list changes), a page deep inside starts from the nearest
  anchor: ``WHERE (created_at, id) <= anchor ORDER BY … OFFSET < stride``;
- it selects the page's primary keys first (an index-only scan) and then the
  rows for those keys alone.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.functional import SimpleLazyObject

# Rows between two anchors: the most a page read skips over.
ANCHOR_STRIDE = 1000


class ElidedPage(Page):
    @property
    def elided_page_range(self) -> Iterator[int | str]:
        """Page numbers around this one and at both ends, with ``Paginator.ELLIPSIS`` between."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1)


class ElidedPaginator(Paginator):
    def _get_page(self, *args, **kwargs) -> ElidedPage:
        return ElidedPage(*args, **kwargs)

    def get_page(self, number: object) -> ElidedPage:
        """The page ``number``, or the nearest real one: the first for anything that is
        not a whole number or is below 1, the last for anything past the end.

        Django's own ``get_page`` shows the last page for 0 and negative numbers.
        """
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            # validate_number got as far as int(number), so this cannot fail.
            number = 1 if int(number) < 1 else self.num_pages
        return self.page(number)


def _field(term: str) -> str:
    return term.lstrip("-")


def at_or_after(ordering: Sequence[str], key: Sequence[Any]) -> Q:
    """Rows at ``key`` or later in ``ordering`` (for example ``["-created_at", "-id"]``).

    The first term alone bounds the range, so the database can start an index
    scan at ``key`` instead of filtering from the beginning.
    """
    first = _field(ordering[0])
    first_op = "lte" if ordering[0].startswith("-") else "gte"
    exact = Q()
    later = Q()
    for term, value in zip(ordering, key, strict=True):
        op = "lt" if term.startswith("-") else "gt"
        later |= exact & Q(**{f"{_field(term)}__{op}": value})
        exact &= Q(**{_field(term): value})
    return Q(**{f"{first}__{first_op}": key[0]}) & (later | exact)


def compute_anchors(
    queryset: QuerySet, ordering: Sequence[str], stride: int = ANCHOR_STRIDE
) -> list[tuple]:
    """The ordering key of rows 0, ``stride``, 2 * ``stride``, … in one pass over the index."""
    fields = [_field(term) for term in ordering]
    order_by = [
        F(field).desc() if term.startswith("-") else F(field).asc()
        for field, term in zip(fields, ordering, strict=True)
    ]
    numbered = (
        queryset.order_by()
        .annotate(_row=Window(RowNumber(), order_by=order_by))
        .annotate(_phase=F("_row") % stride)
        .filter(_phase=1 % stride)
        .values_list(*fields, "_row")
    )
    # The database does not keep the window's order through the filter.
    return [row[:-1] for row in sorted(numbered, key=lambda row: row[-1])]


class SeekPaginator(ElidedPaginator):
    """Numbered pages over ``queryset`` ordered by ``ordering`` (unique, indexed).

    ``count`` is the total, given by the caller. ``exact`` says whether it is the
    real total: only then are late pages read from the end. ``anchors`` is a
    callable returning ``compute_anchors`` output (usually from the cache).
    """

    def __init__(
        self,
        queryset: QuerySet,
        per_page: int,
        *,
        count: int,
        ordering: Sequence[str],
        exact: bool = True,
        anchors: Callable[[], list[tuple]] | None = None,
        stride: int = ANCHOR_STRIDE,
        **kwargs: Any,
    ) -> None:
        super().__init__(queryset.order_by(*ordering), per_page, **kwargs)
        # Paginator.count is a cached property: setting it means no COUNT(*).
        self.count = count
        self.ordering = list(ordering)
        self.exact = exact
        self.anchors = anchors
        self.stride = stride

    def page(self, number: int | str) -> ElidedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # Read only when the page's rows are used: a cached fragment never asks.
        rows = SimpleLazyObject(lambda: self.rows(bottom, top - bottom))
        return self._get_page(rows, number, self)

    def rows(self, offset: int, limit: int) -> list:
        """``limit`` rows from ``offset``, by the cheapest of the three ways in."""
        if limit <= 0:
            return []
        after = self.count - offset - limit
        if self.exact and 0 <= after < min(offset, self.stride):
            # Near the end: no anchor could do better.
            return self._slice(self.object_list.reverse(), after, limit)[::-1]
        skip, anchor = offset, None
        if self.anchors is not None and offset >= self.stride:
            anchors = self.anchors()
            if anchors:
                index = min(offset // self.stride, len(anchors) - 1)
                skip, anchor = offset - index * self.stride, anchors[index]
        if self.exact and 0 <= after < skip:
            backwards = self.object_list.reverse()
            return self._slice(backwards, after, limit)[::-1]
        queryset = self.object_list
        if anchor is not None:
            queryset = queryset.filter(at_or_after(self.ordering, anchor))
        return self._slice(queryset, skip, limit)

    @staticmethod
    def _slice(queryset: QuerySet, skip: int, limit: int) -> list:
        if skip == 0:
            return list(queryset[:limit])
        # The skipped rows are read from the index alone; only the page's rows
        # are fetched from the table.
        keys = queryset.values("pk")[skip : skip + limit]
        return list(queryset.filter(pk__in=keys))
