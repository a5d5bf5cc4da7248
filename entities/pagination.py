"""Pagination with the numbered links people expect: 1 … 4 5 [6] 7 8 … 40."""

from collections.abc import Iterator

from django.core.paginator import Page, Paginator


class ElidedPage(Page):
    @property
    def elided_page_range(self) -> Iterator[int | str]:
        """Page numbers around this one and at both ends, with ``Paginator.ELLIPSIS`` between."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1)


class ElidedPaginator(Paginator):
    def _get_page(self, *args, **kwargs) -> ElidedPage:
        return ElidedPage(*args, **kwargs)
