"""Reads for the public scheme pages: open schemes with their fund's rules in effect, loaded in a fixed number of
queries however many schemes there are."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from commissioning.core.formats import govuk_datetime
from commissioning.core.money import pounds
from commissioning.finance.models import FundRules
from commissioning.finance.rules import eligible_in_words, rules_in_plain_words
from commissioning.finance.selectors import ring_fence_prefetch
from commissioning.grants.eligibility import scheme_is_open
from commissioning.grants.models import Scheme
from commissioning.organisations.sectors import Sector


def _rules_in_effect(at: datetime, *, ring_fence: bool) -> Prefetch[str, QuerySet[FundRules], str]:
    """The fund rules in effect at `at`, for each scheme's fund; with their ring-fence where the page says what
    the money may be spent on (a scheme's own page), not on the list, which shows only the amounts."""
    rules = FundRules.objects.started_by(timezone.localdate(at)).select_related(
        "fund", "administering_organisation"
    )
    if ring_fence:
        rules = rules.prefetch_related(ring_fence_prefetch())
    return Prefetch("fund__rules", queryset=rules.newest_first(), to_attr="rules_in_effect")


def open_schemes(*, at: datetime | None = None) -> QuerySet[Scheme]:
    """Published schemes open now, closing soonest first, with the fund and its rules in effect."""
    at = at or timezone.now()
    return (
        Scheme.objects.filter(is_published=True, opens_at__lte=at, closes_at__gt=at)
        .select_related("fund")
        .prefetch_related(_rules_in_effect(at, ring_fence=False))
        .order_by("closes_at", "name", "pk")
    )


def scheme_for_public(slug: str, *, at: datetime | None = None) -> Scheme | None:
    """A scheme by its public address, with its criteria and score bands; None if there is none."""
    at = at or timezone.now()
    return (
        Scheme.objects.filter(slug=slug)
        .select_related("fund")
        .prefetch_related(_rules_in_effect(at, ring_fence=True), "criteria", "score_bands")
        .first()
    )


def rules_of(scheme: Scheme) -> FundRules | None:
    """The fund rules loaded with the scheme (see `open_schemes`): the latest in effect."""
    rules = getattr(scheme.fund, "rules_in_effect", None)
    return rules[0] if rules else None


def amount_range(rules: FundRules | None) -> str:
    if rules is None or (rules.min_award is None and rules.max_award is None):
        return "Any amount"
    if rules.min_award is not None and rules.max_award is not None:
        return f"{pounds(rules.min_award)} to {pounds(rules.max_award)}"
    if rules.max_award is not None:
        return f"Up to {pounds(rules.max_award)}"
    return f"{pounds(rules.min_award)} or more"  # type: ignore[arg-type]


@dataclass(frozen=True)
class SchemeSummary:
    scheme: Scheme
    amount_range: str
    is_open: bool
    opens: str
    closes: str


def scheme_summary(scheme: Scheme, *, at: datetime | None = None) -> SchemeSummary:
    """A scheme with its amount range and dates in GOV.UK words ("5pm on 30 January 2027")."""
    return SchemeSummary(
        scheme,
        amount_range(rules_of(scheme)),
        scheme_is_open(scheme, at=at),
        govuk_datetime(scheme.opens_at),
        govuk_datetime(scheme.closes_at),
    )


def scheme_summaries(schemes: list[Scheme], *, at: datetime | None = None) -> list[SchemeSummary]:
    return [scheme_summary(scheme, at=at) for scheme in schemes]


@dataclass(frozen=True)
class WhatWeFund:
    """The fund's rules for the public: what the scheme will fund and what it will not."""

    will_fund: list[str]
    will_not_fund: list[str]
    rules_words: list[str]


def what_we_fund(rules: FundRules | None) -> WhatWeFund:
    if rules is None:
        return WhatWeFund([], [], [])
    will: list[str] = []
    will_not: list[str] = []
    if rules.eligible_sectors:
        headline, detail = eligible_in_words(rules)
        will.append(f"Projects run by {headline}" + (f" ({detail})" if detail else ""))
        others = [Sector(value).label for value in Sector.values if value not in rules.eligible_sectors]
        if others:
            kinds = ", ".join(label if label[:2].isupper() else label.lower() for label in others)
            will_not.append(f"Applications from organisations of these kinds: {kinds}")
    else:
        will.append("Projects run by organisations of any kind")
    if rules.max_award is not None:
        will_not.append(f"Requests for more than {pounds(rules.max_award)}")
    if rules.min_award is not None:
        will_not.append(f"Requests for less than {pounds(rules.min_award)}")
    if rules.max_duration_months is not None:
        count = rules.max_duration_months
        will.append(f"Work lasting up to {count} month{'s' if count != 1 else ''}")
        will_not.append(f"Work lasting longer than {count} month{'s' if count != 1 else ''}")
    if rules.one_off:
        will.append("One-off costs")
        will_not.append("Recurring or ongoing costs, or funding every year")
    if rules.ring_fenced_purposes:
        will.append("Only: " + "; ".join(rules.ring_fenced_purposes))
        will_not.append("Anything other than the purposes listed")
    return WhatWeFund(will, will_not, rules_in_plain_words(rules))
