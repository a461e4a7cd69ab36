"""Generated monitoring for `generate_data`: a plan for each active or ended generated agreement from its tier, the
schedule of returns, returns submitted and reviewed with ratings and indicator values, some overdue, remedial plans
after red ratings, and public feedback about the services, some of it moderated.

Like the rest of the generated data (see builder.py and ADR 0008), rows are written with `bulk_create` in batches and
have no audit events of their own. Each value keeps the rules the services enforce: the tier is the one
`monitoring.services.plans.tier_for` would choose (agreements that started before any tier took effect get the
earliest tiers), periods and due dates are `schedule_periods`' own, statuses follow the return transition table,
every reviewed return has a rating with reasons and a red one a remedial plan with actions, owners and dates.

The tiers alone give fewer returns than the scale asks for (many generated grants are small and short), so the
plans of the longest agreements are moved to monthly returns (close monitoring), with a recorded `PlanAdjustment`
as `monitoring_plan_adjust` keeps, until they reach it.

Speed: the return form is passed to `bulk_create` as an expression (`Value`), which makes Django insert with VALUES
rather than UNNEST on PostgreSQL: quoting a JSON document into an array literal costs a regular expression call per
quotation mark, which was most of the step's time.

Simplifications: returns carry no status history rows (`audit.StatusChange`) and no evidence files; answers are short.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Value

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.feedback.models import Feedback, FeedbackStatus, Theme
from commissioning.monitoring.models import (
    Indicator,
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    MonitoringTier,
    PlanAdjustment,
    Rating,
    RemedialAction,
    RemedialPlan,
    ReturnFrequency,
    ReturnStatus,
    ReturnTemplate,
)
from commissioning.monitoring.services.plans import agreement_months, schedule_periods

if TYPE_CHECKING:
    from .builder import Generator

MONITORED = (AgreementStatus.ACTIVE, AgreementStatus.ENDED)
INDICATORS = [
    ("Referrals received", "referrals", 400),
    ("Victims supported", "people", 300),
    ("Victims helped to cope and recover", "people", 240),
]
RATING_WEIGHTS = [(Rating.GREEN, 70), (Rating.AMBER, 22), (Rating.RED, 8)]
REASONS = {
    Rating.GREEN: "Delivering what was agreed, on budget.",
    Rating.AMBER: "Some outputs behind plan; the provider has explained why and expects to catch up.",
    Rating.RED: "Well behind on outputs and spend; a remedial plan is needed.",
}
ACTIONS = [
    ("Recruit and train two more caseworkers", "Service manager"),
    ("Send monthly referral figures to the commissioning officer", "Data officer"),
    ("Agree a revised delivery plan at a review meeting", "Chief executive"),
]
FEEDBACK_TEXTS = [
    "I was seen quickly and the caseworker explained everything clearly.",
    "Nobody called me back for three weeks after I was referred.",
    "The sessions gave my son somewhere safe to go in the evenings.",
    "Staff were kind and patient, and I felt listened to.",
    "The helpline number on the leaflet was wrong.",
    "Really good support after the burglary; I would not have coped without it.",
]
REJECTED = "Not about the service"
# Of the feedback generated: approved (counted), rejected, and the rest still waiting for moderation.
FEEDBACK_SHARES = (0.8, 0.05)


def as_json(document: dict[str, Any]) -> Value:
    """A JSON document for bulk_create as an expression, so PostgreSQL rows go in as VALUES, not UNNEST arrays."""
    return Value(document, output_field=models.JSONField())


@dataclass
class PlannedReturn:
    row: MonitoringReturn
    values: list[Decimal]  # one per indicator of the plan, when it has indicators and the return was sent


class MonitoringGenerator:
    """One run's monitoring rows, written after the agreements have their ids."""

    def __init__(self, generator: "Generator") -> None:
        self.g = generator
        self.rng = generator.rng
        self.today = generator.today
        self.target = generator.scale.returns
        self.tiers = list(MonitoringTier.objects.order_by("-effective_from", "-min_value", "-pk"))
        self.templates = {t.key: t for t in ReturnTemplate.objects.all()}
        self.victim_priorities = {p.pk for p in generator.priorities if "victim" in p.title.lower()}
        self.agreements_by_pk = {a.pk: a for a in generator.agreements}
        from .builder import at, timestamps_as_given  # builder imports this module

        self.at = at
        self.timestamps_as_given = timestamps_as_given
        self.plan_agreement: dict[int, int] = {}

    def run(self) -> None:
        g = self.g
        with (
            g.step("Monitoring plans, returns, remedial plans and feedback"),
            self.timestamps_as_given(MonitoringPlan, PlanAdjustment, RemedialPlan, Feedback),
        ):
            chosen = [
                (agreement, priorities)
                for agreement, priorities in zip(g.agreements, g.agreement_priorities, strict=True)
                if agreement.status in MONITORED
            ]
            plans = [self._plan(agreement, priorities) for agreement, priorities in chosen]
            schedules = [self._periods(plan) for plan in plans]
            adjusted = self._more_often(plans, schedules)
            g.insert(MonitoringPlan, plans, label="monitoring plans")
            self.plan_agreement = {plan.pk: plan.agreement_id for plan in plans}
            g.insert(
                PlanAdjustment,
                [self._adjustment(plan) for plan in adjusted],
                label="monitoring plan adjustments",
            )
            indicators = [
                Indicator(plan_id=plan.pk, name=name, unit=unit, target=Decimal(target))
                for plan in plans
                if plan.needs_indicators
                for name, unit, target in INDICATORS
            ]
            g.insert(Indicator, indicators, label="indicators")
            by_plan: dict[int, list[Indicator]] = {}
            for indicator in indicators:
                by_plan.setdefault(indicator.plan_id, []).append(indicator)
            planned = [
                self._return(plan, number, period, len(periods), by_plan.get(plan.pk, []))
                for plan, periods in zip(plans, schedules, strict=True)
                for number, period in enumerate(periods, start=1)
            ]
            g.insert(MonitoringReturn, [p.row for p in planned], label="monitoring returns")
            g.insert(
                IndicatorValue,
                [
                    IndicatorValue(monitoring_return_id=p.row.pk, indicator_id=indicator.pk, value=value)
                    for p in planned
                    for indicator, value in zip(by_plan.get(p.row.plan_id, []), p.values, strict=False)
                ],
                label="indicator values",
            )
            self._remedial_plans([p.row for p in planned if p.row.rating == Rating.RED])
            self._feedback([agreement for agreement, _ in chosen])

    # -- plans -----------------------------------------------------------------------------------------------

    def _tier(self, value: Decimal, months: int, on: date) -> MonitoringTier:
        """As `tier_for` chooses, in memory; agreements older than every tier get the earliest tiers."""

        def fits(tier: MonitoringTier) -> bool:
            return (
                tier.min_value <= value
                and (tier.max_value is None or value < tier.max_value)
                and (tier.min_months is None or tier.min_months <= months)
                and (tier.max_months is None or months <= tier.max_months)
            )

        for tier in self.tiers:
            if tier.effective_from <= on and fits(tier):
                return tier
        earliest = min(tier.effective_from for tier in self.tiers)
        return next(t for t in self.tiers if t.effective_from == earliest and fits(t))

    def _plan(self, agreement: Agreement, priorities: Sequence[int]) -> MonitoringPlan:
        tier = self._tier(
            agreement.value, agreement_months(agreement.starts_on, agreement.ends_on), agreement.starts_on
        )
        victims = bool(self.victim_priorities.intersection(priorities))
        template = self.templates.get("victim-services" if victims else "general")
        acceptance = getattr(agreement, "_acceptance", None)
        answered_on = acceptance.answered_on if acceptance is not None else None
        made_on = max(agreement.starts_on, answered_on or agreement.starts_on)
        return MonitoringPlan(
            agreement_id=agreement.pk,
            tier=tier,
            frequency=tier.frequency,
            needs_indicators=tier.needs_indicators,
            needs_review_meeting=tier.needs_review_meeting,
            template=template,
            form_definition=as_json(self._definition(template)),
            created_at=self.at(min(made_on, self.today), 9),
            created_by=agreement.created_by,
        )

    @staticmethod
    def _definition(template: ReturnTemplate | None) -> dict[str, Any]:
        return template.definition if template else {"version": 1, "sections": []}

    def _periods(self, plan: MonitoringPlan) -> list[tuple[date, date]]:
        agreement = self._agreement_of(plan)
        return schedule_periods(
            starts_on=agreement.starts_on, ends_on=agreement.ends_on, frequency=plan.frequency
        )

    def _agreement_of(self, plan: MonitoringPlan) -> Agreement:
        return self.agreements_by_pk[plan.agreement_id]

    def _more_often(
        self, plans: list[MonitoringPlan], schedules: list[list[tuple[date, date]]]
    ) -> list[MonitoringPlan]:
        """Move plans to monthly returns (close monitoring), as officers may, until the plans have the scale's number
        of returns: the plans that gain the most returns first (the longest agreements), so as few plans as possible
        differ from their tier."""
        total = sum(len(periods) for periods in schedules)
        if total >= self.target:
            return []
        gains = []
        for index, plan in enumerate(plans):
            agreement = self._agreement_of(plan)
            monthly = schedule_periods(
                starts_on=agreement.starts_on, ends_on=agreement.ends_on, frequency=ReturnFrequency.MONTHLY
            )
            if len(monthly) > len(schedules[index]):
                gains.append((len(schedules[index]) - len(monthly), self.rng.random(), index, monthly))
        gains.sort()
        adjusted: list[MonitoringPlan] = []
        for gain, _, index, monthly in gains:
            if total >= self.target:
                break
            plan = plans[index]
            plan._frequency_before = plan.frequency  # type: ignore[attr-defined]
            plan.frequency = ReturnFrequency.MONTHLY
            schedules[index] = monthly
            total -= gain
            adjusted.append(plan)
        return adjusted

    def _adjustment(self, plan: MonitoringPlan) -> PlanAdjustment:
        return PlanAdjustment(
            plan_id=plan.pk,
            reason="Monthly returns while the service is under close monitoring",
            before={"frequency": plan._frequency_before},  # type: ignore[attr-defined]
            after={"frequency": plan.frequency},
            made_at=plan.created_at,
            made_by=plan.created_by,
        )

    # -- returns ---------------------------------------------------------------------------------------------

    def _return(
        self,
        plan: MonitoringPlan,
        number: int,
        period: tuple[date, date],
        count: int,
        indicators: list[Indicator],
    ) -> PlannedReturn:
        period_start, period_end = period
        due_on = period_end + timedelta(days=plan.tier.due_days)
        status = self._status(period_end, due_on)
        row = MonitoringReturn(
            plan_id=plan.pk,
            number=number,
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
            is_final=number == count,
            status=status,
            form_definition=as_json(self._definition(plan.template)),
        )
        values: list[Decimal] = []
        if status == ReturnStatus.DUE:
            return PlannedReturn(row, values)
        agreement = self._agreement_of(plan)
        row.answers = self._answers(plan)
        share = Decimal(
            min(
                1,
                ((period_end - agreement.starts_on).days + 1)
                / max(1, (agreement.ends_on - agreement.starts_on).days + 1),
            )
        )
        row.spend_to_date = (agreement.value * share * Decimal(self.rng.uniform(0.8, 1.05))).quantize(
            Decimal("0.01")
        )
        if status == ReturnStatus.DRAFT:
            return PlannedReturn(row, values)
        lateness = self.rng.choice([-10, -3, 0, 0, 2, 5, 14, 30]) if self.rng.random() < 0.5 else -5
        submitted_on = min(due_on + timedelta(days=lateness), self.today)
        submitted_on = max(submitted_on, period_end)
        row.submitted_at = self.at(submitted_on, 14)
        # The demo's own organisations (the Chief Constable's) have no generated provider user.
        provider = self.g.provider_of.get(agreement.organisation_id)
        row.submitted_by_id = provider.pk if provider is not None else None
        values = [
            Decimal(round(target * self.rng.uniform(0.5, 1.3) / 4))
            for _, _, target in INDICATORS[: len(indicators)]
        ]
        if status == ReturnStatus.CHANGES_REQUESTED:
            row.changes_requested = "Give the spend to date against each budget line, please."
        if status == ReturnStatus.REVIEWED:
            rating = self.rng.choices([r for r, _ in RATING_WEIGHTS], [w for _, w in RATING_WEIGHTS])[0]
            row.rating = rating
            row.rating_reasons = REASONS[rating]
            reviewed_on = min(submitted_on + timedelta(days=self.rng.randint(1, 21)), self.today)
            row.reviewed_at = self.at(reviewed_on, 16)
            row.reviewed_by = self.rng.choice(self.g.officers)
        return PlannedReturn(row, values)

    def _status(self, period_end: date, due_on: date) -> str:
        """A status that fits the dates: not yet owed, being written, sent, or reviewed; a few overdue."""
        roll = self.rng.random()
        if period_end >= self.today:
            return ReturnStatus.DUE
        if due_on >= self.today:  # the period is over and the return is due soon
            return (
                ReturnStatus.DRAFT
                if roll < 0.4
                else ReturnStatus.SUBMITTED
                if roll < 0.6
                else ReturnStatus.DUE
            )
        age = (self.today - due_on).days
        if age < 90:
            if roll < 0.15:
                return ReturnStatus.DUE if roll < 0.08 else ReturnStatus.DRAFT
            if roll < 0.2:
                return ReturnStatus.CHANGES_REQUESTED
            return ReturnStatus.SUBMITTED if roll < 0.5 else ReturnStatus.REVIEWED
        return ReturnStatus.DUE if roll < 0.01 else ReturnStatus.REVIEWED

    def _answers(self, plan: MonitoringPlan) -> dict[str, Any]:
        answers: dict[str, Any] = {
            "outputs": f"{self.rng.randint(10, 80)} sessions run; {self.rng.randint(20, 400)} people reached.",
            "outcomes": "Most people said they felt safer and more confident.",
            "narrative": "Delivery went broadly to plan this period.",
        }
        if plan.template is not None and plan.template.key == "victim-services":
            answers["referrals_received"] = self.rng.randint(20, 200)
            answers["victims_supported"] = self.rng.randint(10, 150)
            answers["victims_cope_recover"] = self.rng.randint(5, 120)
            answers["cope_recover_outcomes"] = "Victims told us they could cope with everyday life again."
        return answers

    # -- remedial plans and feedback -------------------------------------------------------------------------

    def _remedial_plans(self, red: list[MonitoringReturn]) -> None:
        plans = []
        actions: list[tuple[RemedialPlan, RemedialAction]] = []
        for row in red:
            assert row.reviewed_at is not None and row.reviewed_by is not None
            opened_on = row.reviewed_at.date()
            closed_on = opened_on + timedelta(days=self.rng.randint(60, 150))
            # Most plans close within months; a few stay open long after, as on the board's list.
            closed = closed_on <= self.today and self.rng.random() < 0.85
            plan = RemedialPlan(
                agreement_id=self._agreement_of_return(row).pk,
                monitoring_return_id=row.pk,
                summary="Bring delivery and spend back to plan.",
                status=RemedialPlan.Status.CLOSED if closed else RemedialPlan.Status.OPEN,
                opened_at=row.reviewed_at,
                opened_by=row.reviewed_by,
                closed_at=self.at(closed_on, 15) if closed else None,
                closed_by=row.reviewed_by if closed else None,
            )
            plans.append(plan)
            for n, (action, owner) in enumerate(ACTIONS[: self.rng.randint(1, len(ACTIONS))]):
                due_on = opened_on + timedelta(days=30 * (n + 1))
                done = closed or (due_on < self.today and self.rng.random() < 0.5)
                actions.append(
                    (
                        plan,
                        RemedialAction(
                            action=action,
                            owner=owner,
                            due_on=due_on,
                            done_on=min(due_on, self.today) if done else None,
                        ),
                    )
                )
        self.g.insert(RemedialPlan, plans, label="remedial plans")
        for remedial, remedial_action in actions:
            remedial_action.plan_id = remedial.pk
        self.g.insert(RemedialAction, [a for _, a in actions], label="remedial actions")

    def _agreement_of_return(self, row: MonitoringReturn) -> Agreement:
        return self.agreements_by_pk[self.plan_agreement[row.plan_id]]

    def _feedback(self, agreements: list[Agreement]) -> None:
        themes = list(Theme.objects.filter(is_active=True))
        if not agreements:
            return
        count = self.g.scale.feedback
        rows = []
        for _ in range(count):
            agreement = self.rng.choice(agreements)
            last_day = min(agreement.ends_on, self.today)
            span = max(0, (last_day - agreement.starts_on).days)
            received_on = agreement.starts_on + timedelta(days=self.rng.randint(0, span))
            roll = self.rng.random()
            status = (
                FeedbackStatus.APPROVED
                if roll < FEEDBACK_SHARES[0]
                else FeedbackStatus.REJECTED
                if roll < sum(FEEDBACK_SHARES)
                else FeedbackStatus.PENDING
            )
            moderated = status != FeedbackStatus.PENDING
            rows.append(
                Feedback(
                    agreement_id=agreement.pk,
                    what_happened=self.rng.choice(FEEDBACK_TEXTS),
                    consent_to_use=True,
                    received_at=self.at(received_on, self.rng.randint(8, 20)),
                    status=status,
                    rejection_reason=REJECTED if status == FeedbackStatus.REJECTED else "",
                    moderated_at=self.at(min(received_on + timedelta(days=2), self.today), 9)
                    if moderated
                    else None,
                    moderated_by=self.rng.choice(self.g.officers) if moderated else None,
                )
            )
        self.g.insert(Feedback, rows, label="feedback")
        if not themes:
            return
        through = Feedback.themes.through
        self.g.insert(
            through,
            [
                through(feedback_id=feedback.pk, theme_id=theme.pk)
                for feedback in rows
                if feedback.status == FeedbackStatus.APPROVED
                for theme in self.rng.sample(themes, self.rng.choice([1, 1, 2]))
            ],
            label="feedback themes",
        )
