"""Pagination with the numbered links people expect: 1 … 4 5 [6] 7 8 … 40."""

from collections.abc import Iterator

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


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
