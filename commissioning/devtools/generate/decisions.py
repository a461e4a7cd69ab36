"""Generated decision records: about 150 a financial year over the ten years of the large set (proportionally
fewer for the small set), numbered per year after any the demo made, most published, some part exempt or exempt.

Written with bulk_create like the rest of the generated data (no audit event per row); the reference counters are
moved on past the numbers used, so a record drafted later never repeats one."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_counter_raise
from commissioning.decisions.models import (
    Confidentiality,
    DecisionRecord,
    DecisionStatus,
    Exemption,
    reference_format,
)
from commissioning.decisions.services import REFERENCE_SCOPE
from commissioning.finance import years

from . import words

if TYPE_CHECKING:
    from .builder import Generator

PER_YEAR_LARGE = 150
LARGE_APPLICATIONS = 100_000
CONFIDENTIALITY_WEIGHTS = {
    Confidentiality.PUBLIC: 85,
    Confidentiality.PART_EXEMPT: 10,
    Confidentiality.EXEMPT: 5,
}
SUBJECTS = (
    "Grant to {org}",
    "Contract award: {activity}",
    "Extension of the {activity} service",
    "Partnership agreement with {org}",
    "Allocation of the Community Safety Fund to {org}",
    "Decommissioning of the {activity} service",
)


class DecisionGenerator:
    def __init__(self, generator: "Generator") -> None:
        self.g = generator
        share = generator.scale.applications / LARGE_APPLICATIONS
        self.per_year = max(3, round(PER_YEAR_LARGE * share))

    def run(self) -> None:
        g = self.g
        with g.step("Decision records"):
            counters = {
                counter.year: counter.last
                for counter in ReferenceCounter.objects.filter(scope=REFERENCE_SCOPE)
            }
            records = []
            for start_year in g.start_years:
                first = counters.get(start_year, 0) + 1
                for number in range(first, first + self.per_year):
                    records.append(self._record(start_year, number))
                counters[start_year] = first + self.per_year - 1
            g.insert(DecisionRecord, records, label="decision records")
            for year, last in counters.items():
                reference_counter_raise(REFERENCE_SCOPE, year, last)

    def _record(self, start_year: int, number: int) -> DecisionRecord:
        g, rng = self.g, self.g.rng
        year_start = years.starts_on(start_year)
        year_end = min(years.ends_on(start_year), g.today)
        span = max(1, (year_end - year_start).days)
        day = year_start + timedelta(days=rng.randrange(span))
        created = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        # The newest records may still be in draft or waiting to be published; older ones are all published.
        age = (g.now - created).days
        status = DecisionStatus.PUBLISHED
        if age < 60:
            status = rng.choices(
                [DecisionStatus.DRAFT, DecisionStatus.APPROVED, DecisionStatus.PUBLISHED], [3, 2, 5]
            )[0]
        amount = Decimal(rng.randrange(10_000, 600_000, 500)).quantize(Decimal("0.01"))
        confidentiality = rng.choices(list(CONFIDENTIALITY_WEIGHTS), list(CONFIDENTIALITY_WEIGHTS.values()))[
            0
        ]
        activity = rng.choice(words.PROJECT_ACTIVITIES)
        org = f"{rng.choice(words.TOWNS)[0]} {rng.choice(words.ACTIVITIES)}"
        title = rng.choice(SUBJECTS).format(org=org, activity=activity)
        decided = created + timedelta(days=rng.randint(1, 14))
        approved = status != DecisionStatus.DRAFT and decided < g.now
        published = status == DecisionStatus.PUBLISHED and approved
        if not approved:
            status = DecisionStatus.DRAFT
        elif not published:
            status = DecisionStatus.APPROVED
        exemption = "" if confidentiality == Confidentiality.PUBLIC else rng.choice(Exemption.values)
        return DecisionRecord(
            reference=reference_format(start_year, number),
            year=start_year,
            number=number,
            title=title[:250],
            summary=f"{title}: {rng.choice(words.PROJECT_AIMS).lower()} for {rng.choice(words.BENEFICIARIES)}.",
            background=f"Need assessed for {rng.choice(words.BENEFICIARIES)} in {rng.choice(words.TOWNS)[0]}.",
            options_considered="1. Do nothing.\n2. Fund the proposal (chosen).\n3. Commission a larger service.",
            financial_implications=f"£{amount:,.2f} within the fund's allocation for {years.label_of(start_year)}.",
            amount=amount,
            decision=f"To approve: {title}.",
            declarations_of_interest="None",
            confidentiality=confidentiality,
            exemption=exemption,
            exempt_part="Withheld details of the people and premises involved."
            if confidentiality == Confidentiality.PART_EXEMPT
            else "",
            status=status,
            decision_maker=g._decider(amount) if approved else None,
            decided_on=decided.date() if approved else None,
            published_at=min(decided + timedelta(days=rng.randint(1, 10)), g.now) if published else None,
            created_at=created,
            created_by=rng.choice(g.officers),
        )
