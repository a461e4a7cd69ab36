"""Writes for schemes: setting one up for a fund, its weighted assessment criteria and score bands, opening it to
applicants and closing it.

Criteria and bands are fixed once a scheme opens: applicants have read them, and every assessor must score
against the same ones. A scheme cannot open until its criteria's weights add up to 100.
"""

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import may, require
from commissioning.audit.services import audit_record, audited_save_if_changed, snapshot
from commissioning.core.actors import Actor
from commissioning.core.errors import DomainError
from commissioning.core.services import refuse_name_in_use
from commissioning.finance.models import Fund, FundPurpose
from commissioning.finance.services import purpose_check
from commissioning.grants.models import AssessmentCriterion, Scheme, ScoreBand
from commissioning.plans.models import Priority

PREFIX_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,11}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOTAL_WEIGHT = 100


class _Keep:
    """The purpose argument left out of `scheme_update`: the scheme keeps its purpose."""


KEEP = _Keep()


def may_manage_fund(user: Any, fund: Fund) -> bool:
    """Whether the person may set up schemes for this fund: officers and administrators for any fund, a partner
    administrator for the funds their organisation runs."""
    return may(user, "scheme.manage", fund)


def _require_manage(by: Actor, scheme: Scheme) -> None:
    require(by, "scheme.manage", scheme)


def _require_not_open(scheme: Scheme, what: str) -> None:
    if scheme.is_published:
        raise DomainError(
            f"{what} cannot be changed once the scheme has been opened, because applicants have read them"
        )


def _locked(scheme: Scheme) -> Scheme:
    return Scheme.objects.select_for_update().select_related("fund").get(pk=scheme.pk)


def _clean_scheme_fields(
    *,
    scheme: Scheme,
    name: str,
    slug: str,
    reference_prefix: str,
    summary: str,
    guidance: str,
    opens_at: datetime,
    closes_at: datetime,
    acceptance_period_days: int,
    grant_conditions: str,
) -> None:
    name = (name or "").strip()
    slug = (slug or "").strip().lower()
    reference_prefix = (reference_prefix or "").strip().upper() or scheme.fund.code.upper()
    if not name:
        raise DomainError("Enter the name of the scheme", field="name")
    refuse_name_in_use(Scheme, name, instance=scheme, what="a scheme")
    if not SLUG_PATTERN.match(slug):
        raise DomainError(
            "The web address must use only lower-case letters, numbers and hyphens, like ppaf-2026-round-2",
            field="slug",
        )
    if Scheme.objects.filter(slug=slug).exclude(pk=scheme.pk).exists():
        raise DomainError(f"Another scheme already uses the web address {slug}", field="slug")
    if not PREFIX_PATTERN.match(reference_prefix):
        raise DomainError(
            "The reference prefix must be 1 to 12 capital letters or numbers, starting with a letter, like PPAF",
            field="reference_prefix",
        )
    if not (summary or "").strip():
        raise DomainError("Enter a summary of the scheme", field="summary")
    if not (guidance or "").strip():
        raise DomainError("Enter the guidance for applicants", field="guidance")
    if opens_at is None:
        raise DomainError("Enter the date the scheme opens", field="opens_at")
    if closes_at is None:
        raise DomainError("Enter the date the scheme closes", field="closes_at")
    if closes_at <= opens_at:
        raise DomainError("The closing date must be after the opening date", field="closes_at")
    if acceptance_period_days is None or not 1 <= int(acceptance_period_days) <= 365:
        raise DomainError(
            "The time to accept an offer must be between 1 and 365 days", field="acceptance_period_days"
        )
    scheme.name = name
    scheme.slug = slug
    scheme.reference_prefix = reference_prefix
    scheme.summary = summary.strip()
    scheme.guidance = guidance.strip()
    scheme.opens_at = opens_at
    scheme.closes_at = closes_at
    scheme.acceptance_period_days = int(acceptance_period_days)
    scheme.grant_conditions = (grant_conditions or "").strip()


@transaction.atomic
def scheme_create(
    *,
    by: Actor,
    fund: Fund,
    name: str,
    slug: str,
    summary: str,
    guidance: str,
    opens_at: datetime,
    closes_at: datetime,
    reference_prefix: str = "",
    acceptance_period_days: int = 28,
    grant_conditions: str = "",
    question_definitions: dict[str, Any] | None = None,
    purpose: FundPurpose | None = None,
    outcomes: str = "",
    priorities: Iterable[Priority] = (),
) -> Scheme:
    """A new scheme for a fund, not yet open: add its criteria and bands, then open it. The reference prefix
    defaults to the fund's code. `purpose` is the fund purpose its awards serve: a ring-fenced fund refuses none,
    or one outside its ring-fence, in the rule's words. `outcomes` and `priorities` are what a commissioning
    project launching the scheme carries across (the outcomes sought, the plan's priorities served)."""
    require(by, "scheme.manage", fund)
    purpose_check(fund=fund, purpose=purpose)
    scheme = Scheme(
        fund=fund, question_definitions=question_definitions or {}, purpose=purpose, outcomes=outcomes.strip()
    )
    _clean_scheme_fields(
        scheme=scheme,
        name=name,
        slug=slug,
        reference_prefix=reference_prefix,
        summary=summary,
        guidance=guidance,
        opens_at=opens_at,
        closes_at=closes_at,
        acceptance_period_days=acceptance_period_days,
        grant_conditions=grant_conditions,
    )
    scheme.save()
    priorities = list(priorities)
    if priorities:
        scheme.priorities.set(priorities)
    after = snapshot(scheme)
    if priorities:
        after["priorities"] = sorted(priority.pk for priority in priorities)
    audit_record(by=by, action="create", instance=scheme, after=after)
    return scheme


@transaction.atomic
def scheme_update(
    *,
    by: Actor,
    scheme: Scheme,
    name: str,
    slug: str,
    summary: str,
    guidance: str,
    opens_at: datetime,
    closes_at: datetime,
    reference_prefix: str = "",
    acceptance_period_days: int = 28,
    grant_conditions: str = "",
    purpose: FundPurpose | None | _Keep = KEEP,
) -> Scheme:
    """Change a scheme's details, and the fund purpose it serves (checked against the fund's rules as a new
    scheme's is). Its fund never changes; its criteria change through their own functions."""
    _require_manage(by, scheme)
    scheme = _locked(scheme)
    before = snapshot(scheme)
    if not isinstance(purpose, _Keep):
        if purpose != scheme.purpose:
            purpose_check(fund=scheme.fund, purpose=purpose)
        scheme.purpose = purpose
    _clean_scheme_fields(
        scheme=scheme,
        name=name,
        slug=slug,
        reference_prefix=reference_prefix,
        summary=summary,
        guidance=guidance,
        opens_at=opens_at,
        closes_at=closes_at,
        acceptance_period_days=acceptance_period_days,
        grant_conditions=grant_conditions,
    )
    audited_save_if_changed(by=by, instance=scheme, before=before)
    return scheme


def criteria_weight(scheme: Scheme) -> int:
    return sum(criterion.weight for criterion in scheme.criteria.all())


def scheme_open_problems(scheme: Scheme) -> list[str]:
    """Why the scheme cannot open yet, in the words the page shows; empty when it can."""
    problems = []
    criteria = list(scheme.criteria.all())
    if not criteria:
        problems.append("Add at least one assessment criterion")
    else:
        total = sum(criterion.weight for criterion in criteria)
        if total != TOTAL_WEIGHT:
            problems.append(
                f"The weights of the assessment criteria must add up to {TOTAL_WEIGHT}: they add up to {total}"
            )
    if timezone.now() >= scheme.closes_at:
        problems.append("The closing date has passed: change it before you open the scheme")
    return problems


@transaction.atomic
def scheme_open(*, by: Actor, scheme: Scheme) -> Scheme:
    """Publish the scheme: applicants can apply from its opening date to its closing date."""
    _require_manage(by, scheme)
    scheme = _locked(scheme)
    if scheme.is_published:
        return scheme
    problems = scheme_open_problems(scheme)
    if problems:
        raise DomainError(problems[0])
    before = snapshot(scheme)
    scheme.is_published = True
    scheme.save(update_fields=["is_published"])
    audit_record(by=by, action="open", instance=scheme, before=before, after=snapshot(scheme))
    return scheme


@transaction.atomic
def scheme_close(*, by: Actor, scheme: Scheme, at: datetime | None = None) -> Scheme:
    """Close the scheme now: no more applications. A scheme that has not opened yet is taken back to a draft."""
    _require_manage(by, scheme)
    scheme = _locked(scheme)
    at = at or timezone.now()
    if not scheme.is_published:
        raise DomainError("This scheme has not been opened, so there is nothing to close")
    if scheme.closes_at <= at:
        raise DomainError("This scheme has already closed")
    before = snapshot(scheme)
    if scheme.opens_at > at:
        scheme.is_published = False
        action = "withdraw"
    else:
        scheme.closes_at = at
        action = "close"
    scheme.save(update_fields=["is_published", "closes_at"])
    audit_record(by=by, action=action, instance=scheme, before=before, after=snapshot(scheme))
    return scheme


# --- Criteria and score bands -------------------------------------------------------------------------------------


def _whole(value: Any, *, field: str, what: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"{what} must be a whole number", field=field) from None
    if not low <= number <= high:
        raise DomainError(f"{what} must be between {low} and {high}", field=field)
    return number


@transaction.atomic
def criterion_save(
    *,
    by: Actor,
    scheme: Scheme,
    number: int,
    title: str,
    weight: int,
    max_score: int = 5,
    guidance: str = "",
    criterion: AssessmentCriterion | None = None,
) -> AssessmentCriterion:
    """Add a criterion to a scheme that has not opened, or change one of its criteria."""
    _require_manage(by, scheme)
    scheme = _locked(scheme)
    _require_not_open(scheme, "Assessment criteria")
    number = _whole(number, field="number", what="The criterion number", low=1, high=50)
    weight = _whole(weight, field="weight", what="The weight", low=1, high=TOTAL_WEIGHT)
    max_score = _whole(max_score, field="max_score", what="The highest score", low=1, high=100)
    title = (title or "").strip()
    if not title:
        raise DomainError("Enter the title of the criterion", field="title")
    others = AssessmentCriterion.objects.filter(scheme=scheme)
    if criterion is not None:
        if criterion.scheme_id != scheme.pk:
            raise DomainError("That criterion belongs to another scheme")
        others = others.exclude(pk=criterion.pk)
    if others.filter(number=number).exists():
        raise DomainError(f"There is already a criterion {number}", field="number")
    before = snapshot(criterion) if criterion is not None else None
    criterion = criterion or AssessmentCriterion(scheme=scheme)
    criterion.number = number
    criterion.title = title
    criterion.guidance = (guidance or "").strip()
    criterion.weight = weight
    criterion.max_score = max_score
    audited_save_if_changed(by=by, instance=criterion, before=before)
    return criterion


@transaction.atomic
def criterion_remove(*, by: Actor, criterion: AssessmentCriterion) -> None:
    scheme = criterion.scheme
    _require_manage(by, scheme)
    _require_not_open(_locked(scheme), "Assessment criteria")
    audit_record(by=by, action="remove", instance=criterion, before=snapshot(criterion), after=None)
    criterion.delete()


@transaction.atomic
def score_band_save(
    *,
    by: Actor,
    scheme: Scheme,
    score: int,
    label: str,
    description: str = "",
    band: ScoreBand | None = None,
) -> ScoreBand:
    """Say what a score means on the scheme's scale ("4: Good — clear evidence ..."). One band per score."""
    _require_manage(by, scheme)
    scheme = _locked(scheme)
    _require_not_open(scheme, "Score bands")
    score = _whole(score, field="score", what="The score", low=0, high=100)
    label = (label or "").strip()
    if not label:
        raise DomainError("Enter what the score means, like Good", field="label")
    others = ScoreBand.objects.filter(scheme=scheme)
    if band is not None:
        if band.scheme_id != scheme.pk:
            raise DomainError("That score band belongs to another scheme")
        others = others.exclude(pk=band.pk)
    if others.filter(score=score).exists():
        raise DomainError(f"There is already a band for a score of {score}", field="score")
    before = snapshot(band) if band is not None else None
    band = band or ScoreBand(scheme=scheme)
    band.score = score
    band.label = label
    band.description = (description or "").strip()
    audited_save_if_changed(by=by, instance=band, before=before)
    return band


@transaction.atomic
def score_band_remove(*, by: Actor, band: ScoreBand) -> None:
    scheme = band.scheme
    _require_manage(by, scheme)
    _require_not_open(_locked(scheme), "Score bands")
    audit_record(by=by, action="remove", instance=band, before=snapshot(band), after=None)
    band.delete()
