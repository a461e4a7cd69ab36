"""Monitoring tiers are data: an officer adds a tier from a date of effect. A tier is never changed or removed, so
the plans made under it keep the rule that chose them; a newer tier covering the same band replaces it for
agreements that start monitoring from its date (`plans.tier_for`)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.core.actors import Actor
from commissioning.core.effective import refuse_backdated, refuse_same_date
from commissioning.core.errors import DomainError
from commissioning.monitoring.models import MonitoringTier, ReturnFrequency

MAX_DUE_DAYS = 365


@transaction.atomic
def monitoring_tier_add(
    *,
    by: Actor,
    name: str,
    min_value: Decimal,
    max_value: Decimal | None,
    min_months: int | None,
    max_months: int | None,
    frequency: str,
    needs_indicators: bool,
    needs_review_meeting: bool,
    due_days: int,
    effective_from: date,
) -> MonitoringTier:
    require(by, "monitoring.manage")
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for the tier", field="name")
    if frequency not in ReturnFrequency.values:
        raise DomainError("Select how often returns are due", field="frequency")
    if min_value < 0:
        raise DomainError("The lowest value must be £0 or more", field="min_value")
    if max_value is not None and max_value <= min_value:
        raise DomainError("The value the tier stops at must be more than the lowest value", field="max_value")
    if min_months is not None and max_months is not None and max_months < min_months:
        raise DomainError(
            "The longest agreement must be at least as long as the shortest", field="max_months"
        )
    if not 1 <= due_days <= MAX_DUE_DAYS:
        raise DomainError(f"Days to submit must be between 1 and {MAX_DUE_DAYS}", field="due_days")
    refuse_backdated(
        effective_from,
        today=timezone.localdate(),
        message="The tier must take effect today ({today}) or later: plans already made keep their tier",
    )
    refuse_same_date(
        MonitoringTier.objects.filter(name__iexact=name, effective_from=effective_from).exists(),
        effective_from=effective_from,
        message="A tier called "
        + name.replace("{", "{{").replace("}", "}}")
        + " already takes effect on {date}",
        field="name",
    )
    tier = MonitoringTier.objects.create(
        name=name,
        min_value=min_value,
        max_value=max_value,
        min_months=min_months,
        max_months=max_months,
        frequency=frequency,
        needs_indicators=needs_indicators,
        needs_review_meeting=needs_review_meeting,
        due_days=due_days,
        effective_from=effective_from,
    )
    audit_record(by=by, action="create", instance=tier, after=snapshot(tier))
    return tier
