"""Work waiting for the signed-in person, as the dashboard shows it: each app says which of its work waits for whom
(a `work_waiting(user)` in its selectors), and the dashboard lists them in the order of WORK_SOURCES.

Each count is a COUNT over a LIMIT subquery (`capped`), so the dashboard costs the same however much is waiting;
a source with several counts asks for them together (`capped_all`), in one query.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
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


def capped_all(querysets: Sequence[QuerySet[Any]]) -> list[tuple[int, bool]]:
    """`capped` for several querysets of one database in one query: SELECT (COUNT over a LIMIT subquery), ...;
    each count costs a round trip and a query's overhead, and the dashboard has several."""
    if len(querysets) < 2:
        return [capped(queryset) for queryset in querysets]
    database = querysets[0].db
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        limited = queryset.order_by().values("pk")[: WORK_COUNT_CAP + 1]
        sql, values = limited.query.get_compiler(using=database).as_sql()
        # Django's own compiled SQL, its values passed as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(values)
    with connections[database].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    return [(min(count, WORK_COUNT_CAP), count > WORK_COUNT_CAP) for count in found]


def work_waiting(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    for source in WORK_SOURCES:
        items.extend(import_string(source)(user))
    return items
