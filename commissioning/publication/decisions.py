"""The decisions the monthly publication lists, read only through the decisions app's own selector (public parts
only: an exempt decision keeps its reference, dates and exemption, nothing else)."""

from datetime import date

from commissioning.decisions import selectors as decisions

from .services import month_end


def decisions_published_in(month: date) -> list[decisions.PublicDecision]:
    """Decision records published in `month`, in the order they were published."""
    return decisions.decisions_published_between(month, month_end(month))
