"""The decisions the monthly publication lists, read only through the decisions app's own selector."""

from datetime import date
from typing import Any

from .services import month_end


def decisions_published_in(month: date) -> list[Any]:
    """Decision records published in `month` (public parts only), in the order they were published."""
    try:
        from commissioning.decisions.selectors import decisions_published_between
    except ImportError:  # the decisions app's public records are not built in this checkout
        return []
    return decisions_published_between(month, month_end(month))
