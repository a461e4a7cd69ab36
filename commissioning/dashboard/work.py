"""Work waiting for the signed-in person, as the dashboard shows it: each app says which of its work waits for whom
(a `work_waiting(user)` in its selectors, returning core.work's shapes), and the dashboard lists them in the order
of WORK_SOURCES.

Each count is a COUNT over a LIMIT subquery (`capped`), so the dashboard costs the same however much is waiting.
A source may return what to count (`WorkCount`) rather than a count: the dashboard counts all of those, from
every source, in one query (`capped_all`), and shows those that are not 0.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from commissioning.core.work import WorkCount, WorkItem

WORK_SOURCES = [
    "commissioning.grants.selectors.staff.work_waiting",
    "commissioning.monitoring.selectors.work.work_waiting",
    "commissioning.decisions.selectors.work_waiting",
    "commissioning.decommissioning.selectors.work_waiting",
    "commissioning.feedback.selectors.work_waiting",
]

# Work waiting is counted up to this many; beyond it the dashboard says "more than 100" (the list has the rest).
WORK_COUNT_CAP = 100


def capped(queryset: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows, counted no further than one past WORK_COUNT_CAP (COUNT over a LIMIT subquery)."""
    found = queryset.order_by().values("pk")[: WORK_COUNT_CAP + 1].count()
    return min(found, WORK_COUNT_CAP), found > WORK_COUNT_CAP


def capped_all(querysets: Sequence[QuerySet[Any]], *, caps: Sequence[bool] = ()) -> list[tuple[int, bool]]:
    """`capped` for several querysets of one database in one query: SELECT (COUNT over a LIMIT subquery), ...;
    each count costs a round trip and a query's overhead, and the dashboard has several. `caps` (one per
    queryset, True by default) says which to count in full instead."""
    if not querysets:
        return []
    caps = list(caps) or [True] * len(querysets)
    database = querysets[0].db
    parts, params = [], []
    for index, (queryset, cap) in enumerate(zip(querysets, caps, strict=True)):
        rows = queryset.order_by().values("pk")
        limited = rows[: WORK_COUNT_CAP + 1] if cap else rows
        sql, values = limited.query.get_compiler(using=database).as_sql()
        # Django's own compiled SQL, its values passed as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(values)
    with connections[database].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    return [
        (min(count, WORK_COUNT_CAP), count > WORK_COUNT_CAP) if cap else (count, False)
        for count, cap in zip(found, caps, strict=True)
    ]


def work_waiting(user: Any) -> list[WorkItem]:
    found: list[WorkItem | WorkCount] = []
    for source in WORK_SOURCES:
        found.extend(import_string(source)(user))
    to_count = [item for item in found if isinstance(item, WorkCount)]
    counts = iter(capped_all([item.queryset for item in to_count], caps=[item.cap for item in to_count]))
    items: list[WorkItem] = []
    for item in found:
        if isinstance(item, WorkCount):
            count, more = next(counts)
            if count:
                items.append(WorkItem(item.label, count, item.url, more))
        else:
            items.append(item)
    return items
