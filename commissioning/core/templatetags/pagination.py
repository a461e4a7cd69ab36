"""`{% include "includes/pagination.html" %}` with `page` (a Django Page) gives GOV.UK pagination that keeps the
page's other query parameters. This filter offers the page numbers around the current one."""

from collections.abc import Iterator

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_numbers(page: Page) -> Iterator[int | str]:
    """The page numbers to offer around the current one, with the paginator's ellipsis for gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
