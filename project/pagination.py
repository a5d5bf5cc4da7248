"""Django's Paginator with a capped count and a deferred join for deep pages."""

from collections.abc import Iterator
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

# Offsets from which the deferred join pays for its second query.
DEFERRED_JOIN_FROM = 200


def page_number(value: str | None) -> int:
    """``?page=`` as 1 or more; anything else is page 1 (``get_page`` shows the last)."""
    if not (value and value.isascii() and value.isdigit()):
        return 1
    try:
        return max(int(value), 1)
    except ValueError:  # longer than Python converts to int: not a number
        return 1


class ElidedPage(Page):
    @property
    def elided_page_range(self) -> Iterator[int | str]:
        """At most nine links with "Previous" and "Next": one line on a phone."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=1, on_ends=1)


class CappedPaginator(Paginator):
    """Numbered pages over a queryset, ``max_pages`` deep at most (None: no cap)."""

    object_list: QuerySet

    def __init__(self, *args: Any, max_pages: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def counted(self) -> int:
        """Rows counted, up to one past the cap."""
        if self.max_pages is None:
            return self.object_list.count()
        return self.object_list.order_by()[: self.max_pages * self.per_page + 1].count()

    @cached_property
    def count(self) -> int:
        if self.max_pages is None:
            return self.counted
        return min(self.counted, self.max_pages * self.per_page)

    @property
    def exact(self) -> bool:
        """False when there are more rows than the pages reach."""
        return self.counted == self.count

    def page(self, number: int | float | str) -> ElidedPage:
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        return ElidedPage(self.rows(offset), number, self)

    def rows(self, offset: int) -> QuerySet:
        """The ``per_page`` rows from ``offset``, read lazily; the join is built lazily too,
        as a page from the cache never reads them."""
        queryset = self.object_list
        if offset < DEFERRED_JOIN_FROM:
            return queryset[offset : offset + self.per_page]
        keys = slice(offset, offset + self.per_page)
        return cast(
            QuerySet, SimpleLazyObject(lambda: queryset.filter(pk__in=queryset.values("pk")[keys]))
        )
