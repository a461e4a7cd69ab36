"""Demo monitoring: a plan for each active agreement (the demo's agreements fall in the light-touch and standard
tiers), and a three-year victim services contract of £180,000 in the enhanced tier, with indicators, whose returns
are in every state: reviewed green, amber and red (with an open remedial plan), sent back for changes, submitted and
waiting for review, being written, and not started. Other demo agreements have returns overdue.

Everything goes through the services, so it is audited. Safe to run again: agreements that have a plan keep it,
plans that have indicators are left alone, the contract is found by its source, and each return is moved on only
from the state it starts in.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create
from commissioning.core.actors import Actor
from commissioning.core.dates import add_months
from commissioning.monitoring.models import (
    MonitoringPlan,
    MonitoringReturn,
    RemedialAction,
    ReturnStatus,
    ReturnTemplate,
)
from commissioning.monitoring.services.plans import (
    IndicatorSpec,
    monitoring_plan_adjust,
    monitoring_plan_create,
)
from commissioning.monitoring.services.returns import return_answers_save, return_submit
from commissioning.monitoring.services.review import (
    ActionSpec,
    remedial_action_complete,
    return_changes_request,
    return_rate,
)
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority

DEMO_INDICATORS = [
    IndicatorSpec(name="Referrals received", target=Decimal("400"), unit="referrals"),
    IndicatorSpec(name="Victims supported", target=Decimal("300"), unit="people"),
    IndicatorSpec(name="Victims helped to cope and recover", target=Decimal("240"), unit="people"),
]
DEMO_SOURCE = "monitoring.demo"
CONTRACT_KEY = "isva-service"
CONTRACT_ORGANISATION = "Swindon and Wiltshire Rape Crisis Support"
PROVIDER = "provider@example.org"
OFFICER = "officer@example.org"


@dataclass(frozen=True)
class DemoReturn:
    """What happens to one return of the contract: `outcome` is a rating, "changes", "submitted" or "draft"."""

    number: int
    outcome: str
    values: tuple[int, int, int] = (0, 0, 0)  # referrals, victims supported, helped to cope and recover
    reasons: str = ""


DEMO_RETURNS = [
    DemoReturn(1, "green", (380, 290, 230), "Referrals and support on plan in the first quarter."),
    DemoReturn(2, "amber", (350, 250, 190), "Fewer victims supported while two advisers were recruited."),
    DemoReturn(3, "red", (260, 170, 120), "Far below target for a second quarter, and spend is behind."),
    DemoReturn(4, "green", (390, 300, 245), "Back on track since the new advisers started."),
    DemoReturn(5, "changes", (410, 320, 250), "Give the spend against each budget line, please."),
    DemoReturn(6, "submitted", (420, 310, 255)),
    DemoReturn(7, "draft", (150, 100, 0)),
]
ANSWERS = {
    "outputs": "Independent sexual violence advisers supported victims from report to court.",
    "outcomes": "Victims told us they felt safer and better able to cope.",
    "narrative": "Referrals from the police rose after joint training.",
}


def _person(email: str, by: Actor) -> Any:
    return User.objects.filter(email=email, is_active=True).first() or by


def _contract(*, by: Actor) -> Agreement | None:
    """The enhanced-tier demo contract: started 20 months before today, for three years, so six quarters are past."""
    existing = Agreement.objects.filter(source_type=DEMO_SOURCE, source_id=CONTRACT_KEY).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.filter(name=CONTRACT_ORGANISATION).first()
    if organisation is None:
        return None
    today = timezone.localdate()
    starts_on = add_months(date(today.year, today.month, 1), -20)
    victims = Priority.objects.filter(title__icontains="victim").order_by("pk")[:1]
    return agreement_create(
        by=by,
        mechanism=Mechanism.CONTRACT,
        title="Independent sexual violence advisers service",
        purpose="Advocacy and support for victims of sexual violence, from first report through court.",
        organisation=organisation,
        fund=None,
        priorities=list(victims),
        value=Decimal("180000.00"),
        starts_on=starts_on,
        ends_on=add_months(starts_on, 36) - timedelta(days=1),
        conditions="As set out in the signed contract.",
        source_type=DEMO_SOURCE,
        source_id=CONTRACT_KEY,
        status=AgreementStatus.ACTIVE,
    )


def _play(spec: DemoReturn, monitoring_return: MonitoringReturn, *, provider: Any, officer: Any) -> None:
    """Move one return on to where the demo wants it, only from the state it is in (so a second run does nothing)."""
    indicators = list(monitoring_return.plan.indicators.order_by("pk"))
    if monitoring_return.status == ReturnStatus.DUE:
        return_answers_save(
            by=provider,
            monitoring_return=monitoring_return,
            answers=ANSWERS,
            indicator_values={i.pk: Decimal(v) for i, v in zip(indicators, spec.values, strict=False) if v},
            spend_to_date=Decimal(5000 * spec.number),
        )
        monitoring_return.refresh_from_db()
        if spec.outcome == "draft":
            return
        return_submit(by=provider, monitoring_return=monitoring_return)
        monitoring_return.refresh_from_db()
    if monitoring_return.status != ReturnStatus.SUBMITTED or spec.outcome == "submitted":
        return
    if spec.outcome == "changes":
        return_changes_request(by=officer, monitoring_return=monitoring_return, message=spec.reasons)
        return
    today = timezone.localdate()
    actions = []
    if spec.outcome == "red":
        actions = [
            ActionSpec("Recruit two more advisers", "Service manager", today + timedelta(days=14)),
            ActionSpec("Send monthly referral figures", "Data officer", today + timedelta(days=45)),
            ActionSpec(
                "Agree a recovery plan at the review meeting", "Chief executive", today + timedelta(days=60)
            ),
        ]
    return_rate(
        by=officer,
        monitoring_return=monitoring_return,
        rating=spec.outcome,
        reasons=spec.reasons,
        remedial_summary="Bring referrals and support back to target within two quarters." if actions else "",
        actions=actions,
    )
    if actions:
        first = (
            RemedialAction.objects.filter(plan__monitoring_return=monitoring_return).order_by("pk").first()
        )
        if first is not None:
            remedial_action_complete(by=officer, action=first, done_on=today)


def load(*, by: Actor) -> None:
    contract = _contract(by=by)
    victim_services = ReturnTemplate.objects.filter(key="victim-services").first()
    for agreement in Agreement.objects.filter(status=AgreementStatus.ACTIVE, monitoring_plan__isnull=True):
        wants_victims = agreement.priorities.filter(title__icontains="victim").exists()
        monitoring_plan_create(
            by=by, agreement=agreement, template=victim_services if wants_victims else None
        )
    for plan in MonitoringPlan.objects.filter(needs_indicators=True, indicators__isnull=True):
        monitoring_plan_adjust(
            by=by, plan=plan, reason="Indicators agreed at the start-up meeting", indicators=DEMO_INDICATORS
        )
    if contract is None:
        return
    provider, officer = _person(PROVIDER, by), _person(OFFICER, by)
    returns = {
        r.number: r for r in MonitoringReturn.objects.filter(plan__agreement=contract).select_related("plan")
    }
    for spec in DEMO_RETURNS:
        if spec.number in returns:
            _play(spec, returns[spec.number], provider=provider, officer=officer)
