"""Monitoring work on the dashboard (core/work.py): returns to review and returns overdue, for those who rate
returns and chase them."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import may
from commissioning.core.work import WorkCount
from commissioning.monitoring.selectors.returns import returns_awaiting_review
from commissioning.monitoring.selectors.schedule import returns_overdue


def work_waiting(user: Any) -> list[WorkCount]:
    if not may(user, "monitoring.manage"):
        return []
    return [
        WorkCount(
            "Monitoring returns to review", returns_awaiting_review(), reverse("monitoring:review-list")
        ),
        WorkCount(
            "Monitoring returns overdue",
            returns_overdue(on=timezone.localdate()),
            reverse("monitoring:overdue"),
        ),
    ]
