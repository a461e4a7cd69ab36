"""Monitoring work on the dashboard (core/work.py): returns to review and returns overdue, for officers and
administrators, who rate returns and chase them."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import has_role
from commissioning.core.work import WorkItem, capped
from commissioning.monitoring.access import ADJUST_ROLES
from commissioning.monitoring.selectors.returns import returns_awaiting_review
from commissioning.monitoring.selectors.schedule import returns_overdue


def work_waiting(user: Any) -> list[WorkItem]:
    if not has_role(user, *ADJUST_ROLES):
        return []
    items: list[WorkItem] = []
    count, more = capped(returns_awaiting_review())
    if count:
        items.append(WorkItem("Monitoring returns to review", count, reverse("monitoring:review-list"), more))
    count, more = capped(returns_overdue(on=timezone.localdate()))
    if count:
        items.append(WorkItem("Monitoring returns overdue", count, reverse("monitoring:overdue"), more))
    return items
