"""Work waiting for the signed-in person, as the dashboard shows it: each app says which of its work waits for whom
(a `work_waiting(user)` in its selectors), and the dashboard lists them in the order of WORK_SOURCES.

Each count is a COUNT over a LIMIT subquery (`capped`), so the dashboard costs the same however much is waiting.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.module_loading import import_string

WORK_SOURCES = [
    "commissioning.grants.selectors.staff.work_waiting",
    "commissioning.monitoring.selectors.work.work_waiting",
    "commissioning.decisions.selectors.work_waiting",
    "commissioning.feedback.selectors.work_waiting",
]

# Work waiting is counted up to this many; beyond it the dashboard says "more than 100" (the list has the rest).
WORK_COUNT_CAP = 100


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str
    more: bool = False  # there are more than `count`


def capped(queryset: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows, counted no further than one past WORK_COUNT_CAP (COUNT over a LIMIT subquery)."""
    found = queryset.order_by().values("pk")[: WORK_COUNT_CAP + 1].count()
    return min(found, WORK_COUNT_CAP), found > WORK_COUNT_CAP


def work_waiting(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    for source in WORK_SOURCES:
        items.extend(import_string(source)(user))
    return items
