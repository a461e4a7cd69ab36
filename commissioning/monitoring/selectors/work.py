"""Monitoring work on the dashboard (core/work.py): returns to review and returns overdue, for officers and
administrators, who rate returns and chase them."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import has_role
from commissioning.core.work import WorkItem, capped_all
from commissioning.monitoring.access import ADJUST_ROLES
from commissioning.monitoring.selectors.returns import returns_awaiting_review
from commissioning.monitoring.selectors.schedule import returns_overdue


def work_waiting(user: Any) -> list[WorkItem]:
    if not has_role(user, *ADJUST_ROLES):
        return []
    items: list[WorkItem] = []
    (to_review, more_to_review), (overdue, more_overdue) = capped_all(
        [returns_awaiting_review(), returns_overdue(on=timezone.localdate())]
    )
    if to_review:
        items.append(
            WorkItem(
                "Monitoring returns to review", to_review, reverse("monitoring:review-list"), more_to_review
            )
        )
    if overdue:
        items.append(
            WorkItem("Monitoring returns overdue", overdue, reverse("monitoring:overdue"), more_overdue)
        )
    return items
