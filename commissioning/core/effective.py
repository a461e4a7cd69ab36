"""Rules with a date of effect, one way: "this rule from this date", and "which rule held on this date".

Fund rules, delegated limits, monitoring tiers, and the procurement thresholds and unit prices to come are rows of
a model built on `EffectiveFrom`. A rule is never edited in place once it has taken effect: a new row with a later
`effective_from` replaces it from that date, so any past decision can be checked against the rule that held when
it was made. Within a scope (a fund, a role, a tier's band) the row in effect on a day is the newest that had
started by then.
"""

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.db import models

from .errors import DomainError
from .formats import govuk_date

R = TypeVar("R", bound="EffectiveFrom")


class EffectiveQuerySet(models.QuerySet[Any]):
    def started_by(self, on: date) -> "EffectiveQuerySet":
        """Rows that had taken effect on `on` (the one in effect is the newest of its scope)."""
        return self.filter(effective_from__lte=on)

    def upcoming(self, after: date) -> "EffectiveQuerySet":
        """Rows that take effect after `after`, soonest first."""
        return self.filter(effective_from__gt=after).order_by("effective_from", "pk")

    def newest_first(self) -> "EffectiveQuerySet":
        return self.order_by("-effective_from", "-pk")


class EffectiveFrom(models.Model):
    """A rule that holds from `effective_from` until a newer row of the same scope takes effect."""

    effective_from = models.DateField()

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def in_effect_on(self, on: date) -> bool:
        return self.effective_from <= on


def in_effect(
    rows: Iterable[R], *, on: date, scope: Callable[[R], Hashable] = lambda row: None
) -> dict[Any, R]:
    """For each scope, the row in effect on `on`: the newest that had started by then (ties: the later row)."""
    current: dict[Any, R] = {}
    for row in rows:
        if row.effective_from > on:
            continue
        key = scope(row)
        held = current.get(key)
        if held is None or (row.effective_from, row.pk or 0) > (held.effective_from, held.pk or 0):
            current[key] = row
    return current


def rule_on(rows: Iterable[R], *, on: date) -> R | None:
    """The one row in effect on `on` among rows of one scope, or None before the first takes effect."""
    return in_effect(rows, on=on).get(None)


def refuse_backdated(
    effective_from: date, *, today: date, message: str, field: str = "effective_from"
) -> None:
    """A new rule takes effect today or later: what held in the past stays as it was."""
    if effective_from < today:
        raise DomainError(message.format(today=govuk_date(today)), field=field)


def refuse_same_date(
    exists: bool, *, effective_from: date, message: str, field: str = "effective_from"
) -> None:
    """One row per scope and date: a second rule from the same date would leave "which held?" unanswered."""
    if exists:
        raise DomainError(message.format(date=govuk_date(effective_from)), field=field)
