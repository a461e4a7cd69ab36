"""Paging long lists without counting them in full.

Django's Paginator counts every matching row before it shows a page, which on a list of 100,000 rows costs more
than the page itself. `CappedPaginator` counts only as far as it needs: up to `cap` rows, or to the end of the page
asked for, plus one row to know there are more. `is_capped` tells the template to say "more than ..." instead of
a number. Deep pages still work: asking for page 500 counts to the end of page 500.

It can also page a narrow query (the ids in order, which an index answers alone) and load the full rows of only
the page shown (`load`), so skipping to a deep page never joins or reads the rows it skips.
"""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

DEFAULT_CAP = 1_000
# A page number beyond this is read as this one (and so as the last page): counting to it must stay a number the
# database can hold.
MAX_PAGE = 1_000_000


class CappedPaginator(Paginator):
    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int | None = None,
        load: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = DEFAULT_CAP if cap is None else cap
        self.load = load
        self.wanted = 1

    def get_page(self, number: Any) -> Page:
        try:
            self.wanted = min(max(1, int(number)), MAX_PAGE)
        except (TypeError, ValueError):
            self.wanted = 1
        return super().get_page(number)

    @cached_property
    def count_limit(self) -> int:
        """How far to count: the cap, or the end of the page asked for, whichever is further."""
        return max(self.cap, self.wanted * self.per_page)

    @cached_property
    def count(self) -> int:
        """The rows, counted no further than one past `count_limit` (so "more than" can be said)."""
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # COUNT(*) over a LIMIT subquery: the database stops after count_limit + 1 rows.
            return int(rows.order_by()[: self.count_limit + 1].count())
        return min(len(rows), self.count_limit + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.count_limit

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.is_capped and top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list[bottom:top]
        if self.load is not None:
            rows = self.load(rows)
        return Page(rows, number, self)
