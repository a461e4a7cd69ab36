"""What an app's `work_waiting(user)` returns for the dashboard (commissioning/dashboard/work.py counts and lists
it): the shapes live here, below every app, so that an app offers its work without importing the dashboard."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str
    more: bool = False  # there are more than `count`


@dataclass(frozen=True)
class WorkCount:
    """Work a source asks the dashboard to count, with the other sources' counts in one query; shown as a
    `WorkItem` when there is any. `cap`: counted no further than the dashboard's WORK_COUNT_CAP (False: in full,
    for work that is always little)."""

    label: str
    queryset: QuerySet[Any]
    url: str
    cap: bool = True
