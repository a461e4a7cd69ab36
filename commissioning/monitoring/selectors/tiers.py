"""Reads for the monitoring tiers page: every tier, grouped by the date it took (or takes) effect."""

from dataclasses import dataclass
from datetime import date

from commissioning.monitoring.models import MonitoringTier


@dataclass(frozen=True)
class TierSet:
    """The tiers that took (or take) effect on one date."""

    effective_from: date
    tiers: list[MonitoringTier]
    upcoming: bool  # not in effect yet


def tier_sets(*, on: date) -> list[TierSet]:
    """The tiers, newest date of effect first; the lowest value band first within a date."""
    sets: dict[date, list[MonitoringTier]] = {}
    for tier in MonitoringTier.objects.order_by("-effective_from", "min_value", "min_months", "pk"):
        sets.setdefault(tier.effective_from, []).append(tier)
    return [TierSet(day, tiers, upcoming=day > on) for day, tiers in sets.items()]
