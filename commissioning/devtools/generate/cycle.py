"""Generated commissioning cycle: needs assessments (200 on the large set, fewer in proportion for the small one)
with one to three versions each, their evidence carried forward and added to, and commissioning intentions for the
five years around today (those the demo has not made), each with 10 to 30 projects: the past years published
through a published decision record, this year and the next in draft or waiting for decision.

Written with bulk_create like the rest of the generated data (ADR 0013: the intentions are built in their status,
with the StatusChange rows of the moves that brought them there); decision numbers come after those used."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from commissioning.agreements.models import Mechanism
from commissioning.audit.models import StatusChange
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_counter_raise
from commissioning.cycle.models import (
    CommissioningIntentions,
    Evidence,
    EvidenceKind,
    Intention,
    IntentionsStatus,
    NeedsAssessment,
    NeedsAssessmentVersion,
)
from commissioning.cycle.services.intentions import INTENTIONS_SOURCE
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus, reference_format
from commissioning.decisions.services import REFERENCE_SCOPE
from commissioning.finance import years
from commissioning.finance.services import financial_year

from . import words

if TYPE_CHECKING:
    from .builder import Generator

ASSESSMENTS_LARGE = 200
LARGE_APPLICATIONS = 100_000
# Generated evidence has no files: data sources and what consultations heard.
KINDS = [kind for kind in EvidenceKind.values if kind != EvidenceKind.DOCUMENT]
S = IntentionsStatus
INTENTIONS_PATH = (S.DRAFT, S.AWAITING_DECISION, S.APPROVED, S.PUBLISHED)


class CycleGenerator:
    def __init__(self, generator: "Generator") -> None:
        self.g = generator
        share = generator.scale.applications / LARGE_APPLICATIONS
        self.assessments = max(4, round(ASSESSMENTS_LARGE * share))

    def run(self) -> None:
        with self.g.step("Needs assessments"):
            self.needs()
        with self.g.step("Commissioning intentions"):
            self.intentions()

    # -- needs assessments ------------------------------------------------------------------------------------

    def _when(self) -> datetime:
        g = self.g
        first = datetime.combine(years.starts_on(g.start_years[0]), datetime.min.time(), tzinfo=UTC)
        span = max(1, int((g.now - first).total_seconds()))
        return first + timedelta(seconds=g.rng.randrange(span))

    def needs(self) -> None:
        g, rng = self.g, self.g.rng
        assessments, plans = [], []
        for _ in range(self.assessments):
            created = self._when()
            count = rng.choice([1, 1, 2, 2, 3])
            times = sorted(
                [created] + [created + timedelta(days=rng.randint(30, 700)) for _ in range(count - 1)]
            )
            times = [min(t, g.now) for t in times]
            beneficiaries = rng.choice(words.BENEFICIARIES)
            town = rng.choice(words.TOWNS)[0]
            assessments.append(
                NeedsAssessment(
                    title=f"{rng.choice(words.PROJECT_ACTIVITIES).capitalize()} for {beneficiaries} in {town}"[
                        :200
                    ],
                    created_at=times[0],
                    created_by=rng.choice(g.officers),
                    updated_at=times[-1],
                )
            )
            plans.append((times, beneficiaries, town))
        g.insert(NeedsAssessment, assessments, label="needs assessments")
        through = NeedsAssessment.priorities.through
        links = [
            through(needsassessment_id=assessment.pk, priority_id=priority.pk)
            for assessment in assessments
            for priority in rng.sample(g.priorities, rng.choice([1, 1, 2]))
        ]
        g.insert(through, links, label="needs assessment priorities")
        versions: list[NeedsAssessmentVersion] = []
        for assessment, (times, beneficiaries, town) in zip(assessments, plans, strict=True):
            for number, written in enumerate(times, start=1):
                versions.append(
                    NeedsAssessmentVersion(
                        assessment=assessment,
                        number=number,
                        need=f"About {rng.randint(50, 5000):,} {beneficiaries} in {town} a year; demand "
                        f"{'up' if rng.random() < 0.7 else 'down'} {rng.randint(2, 30)}%.",
                        gaps=f"Too little {rng.choice(words.PROJECT_ACTIVITIES)} outside the towns.",
                        implications=f"Commission {rng.choice(words.PROJECT_AIMS).lower()}.",
                        revision_note="" if number == 1 else "New figures for the year, and a consultation.",
                        written_at=written,
                        written_by=rng.choice(g.officers),
                    )
                )
        g.insert(NeedsAssessmentVersion, versions, label="needs assessment versions")
        evidence = []
        for version in versions:
            for n in range(rng.randint(1, 4)):
                kind = rng.choice(KINDS)
                evidence.append(
                    Evidence(
                        version=version,
                        kind=kind,
                        title=f"{EvidenceKind(kind).label} {n + 1}",
                        summary=f"What it shows for {rng.choice(words.BENEFICIARIES)}.",
                        source=f"{rng.choice(words.TOWNS)[0]} partnership",
                        dated_on=version.written_at.date() - timedelta(days=rng.randint(10, 200)),
                    )
                )
        g.insert(Evidence, evidence, label="needs assessment evidence")

    # -- commissioning intentions -----------------------------------------------------------------------------

    def intentions(self) -> None:
        g, rng = self.g, self.g.rng
        taken = set(CommissioningIntentions.objects.values_list("financial_year__start_year", flat=True))
        wanted = [y for y in range(g.current_year - 3, g.current_year + 2) if y not in taken]
        counters = {c.year: c.last for c in ReferenceCounter.objects.filter(scope=REFERENCE_SCOPE)}
        rows: list[CommissioningIntentions] = []
        decisions: list[DecisionRecord] = []
        statuses: list[tuple[str, datetime, datetime]] = []
        for start_year in wanted:
            status = (
                S.PUBLISHED if start_year < g.current_year else rng.choice([S.DRAFT, S.AWAITING_DECISION])
            )
            # Intentions are drafted in the winter before their year and decided by March.
            created = min(datetime(start_year, 1, 10, 10, tzinfo=UTC), g.now - timedelta(days=30))
            decided = min(datetime(start_year, 3, 1, 10, tzinfo=UTC), g.now - timedelta(days=5))
            record = None
            if status != S.DRAFT:
                decision_year = years.start_year_of(created.date())
                number = counters.get(decision_year, 0) + 1
                counters[decision_year] = number
                approved = status == S.PUBLISHED
                record = DecisionRecord(
                    reference=reference_format(decision_year, number),
                    year=decision_year,
                    number=number,
                    title=f"Commissioning intentions for {years.label_of(start_year)}",
                    summary="What the body plans to commission in the year.",
                    decision=f"To approve the commissioning intentions for {years.label_of(start_year)} and "
                    "publish them.",
                    confidentiality=Confidentiality.PUBLIC,
                    status=DecisionStatus.PUBLISHED if approved else DecisionStatus.DRAFT,
                    decision_maker=g._decider(Decimal(0)) if approved else None,
                    decided_on=decided.date() if approved else None,
                    published_at=decided + timedelta(days=2) if approved else None,
                    source_type=INTENTIONS_SOURCE,
                    created_at=created,
                    created_by=rng.choice(g.officers),
                )
                decisions.append(record)
            rows.append(
                CommissioningIntentions(
                    financial_year=financial_year(start_year),
                    summary=f"What we plan to commission in {years.label_of(start_year)}.",
                    status=status,
                    decision=record,
                    published_at=decided + timedelta(days=2) if status == S.PUBLISHED else None,
                    created_at=created,
                    created_by=rng.choice(g.officers),
                )
            )
            statuses.append((status, created, decided))
        g.insert(DecisionRecord, decisions, label="decision records of intentions")
        for row in rows:
            row.decision_id = row.decision.pk if row.decision is not None else None
        g.insert(CommissioningIntentions, rows, label="commissioning intentions")
        for record, row in zip(decisions, [r for r in rows if r.decision is not None], strict=True):
            record.source_id = str(row.pk)
        DecisionRecord.objects.bulk_update(decisions, ["source_id"])
        for year, last in counters.items():
            reference_counter_raise(REFERENCE_SCOPE, year, last)
        self._moves(rows, statuses)
        self._items(rows)

    def _moves(
        self, rows: list[CommissioningIntentions], statuses: list[tuple[str, datetime, datetime]]
    ) -> None:
        changes = []
        for row, (status, created, decided) in zip(rows, statuses, strict=True):
            path = INTENTIONS_PATH[: INTENTIONS_PATH.index(status) + 1]
            times = [created, created + timedelta(days=20), decided, decided + timedelta(days=2)]
            for (current, target), at in zip(zip(path, path[1:], strict=False), times[1:], strict=False):
                changes.append(
                    StatusChange(
                        record_type="cycle.commissioningintentions",
                        record_id=row.pk,
                        from_status=current,
                        to_status=target,
                        changed_at=at,
                        changed_by=row.created_by,
                        actor_label=row.created_by.full_name,
                    )
                )
        self.g.insert(StatusChange, changes, label="intentions moves")

    def _items(self, rows: list[CommissioningIntentions]) -> None:
        g, rng = self.g, self.g.rng
        items, plans = [], []
        for row in rows:
            start_year = row.financial_year.start_year
            for position in range(1, rng.randint(10, 30) + 1):
                activity = rng.choice(words.PROJECT_ACTIVITIES)
                items.append(
                    Intention(
                        intentions=row,
                        title=f"{activity.capitalize()} in {rng.choice(words.TOWNS)[0]}"[:200],
                        description=f"{rng.choice(words.PROJECT_AIMS)} for {rng.choice(words.BENEFICIARIES)}.",
                        indicative_value=Decimal(rng.randrange(10_000, 500_000, 1_000)).quantize(
                            Decimal("0.01")
                        ),
                        starts_on=years.starts_on(start_year) + timedelta(days=rng.randrange(365)),
                        mechanism=rng.choice(["", *Mechanism.values]),
                        position=position,
                    )
                )
                plans.append(rng.sample(g.priorities, rng.choice([1, 1, 2])))
        g.insert(Intention, items, label="intentions")
        through = Intention.priorities.through
        g.insert(
            through,
            [
                through(intention_id=item.pk, priority_id=priority.pk)
                for item, chosen in zip(items, plans, strict=True)
                for priority in chosen
            ],
            label="intention priorities",
        )
