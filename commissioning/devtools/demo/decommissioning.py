"""Demo decommissioning: a completed one and one that cannot go forward.

- The restorative justice service of Swindon Restorative Justice CIC (a £90,000 contract over three years from the
  Victims Fund, started 15 months ago), whose provider sent two monitoring returns that an officer rated: the
  commissioning officer proposes to end it (the county's new integrated service delivers it more efficiently),
  citing the latest report, with three months' notice and more; the provider's response is recorded and the
  Commissioner decides it. Its decision record is published; the agreement ends on the notice's end date, and the
  money committed for the later years goes back to the Victims Fund.
- A night-time economy patrol of Trowbridge Street Pastors, started last month, with no monitoring report on
  record yet: a complete draft proposal whose page shows why it cannot go forward.

Everything goes through the services. Safe to run again: the agreements are found by their source, a proposal by
its agreement, and each step is taken only from the state it is in. The Victims Fund is given an allocation for each
later financial year the contract runs into, where it has none.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create
from commissioning.core.actors import Actor
from commissioning.core.dates import add_months
from commissioning.decommissioning.models import Decommissioning, DecommissioningStatus, Kind, Reason
from commissioning.decommissioning.selectors import latest_report
from commissioning.decommissioning.services import (
    decommissioning_decide,
    decommissioning_propose,
    decommissioning_response_record,
    decommissioning_start,
    decommissioning_update,
)
from commissioning.devtools.demo.monitoring import DEMO_INDICATORS, DemoReturn, _person, _play
from commissioning.finance import years
from commissioning.finance.models import Fund
from commissioning.finance.selectors import allocation_of
from commissioning.finance.services import allocation_set, financial_year
from commissioning.monitoring.models import MonitoringReturn
from commissioning.monitoring.services.plans import monitoring_plan_adjust
from commissioning.organisations.models import Organisation

DEMO_SOURCE = "decommissioning.demo"
OFFICER = "officer@example.org"
COMMISSIONER = "commissioner@example.org"
PROVIDER = "provider2@example.org"
CFO = "cfo@example.org"
RETURNS = [
    DemoReturn(1, "green", (120, 90, 70), "Conferences held as planned."),
    DemoReturn(2, "amber", (80, 60, 40), "Fewer referrals since the county hub began taking them directly."),
]


def _agreement(
    *, by: Actor, key: str, organisation: str, title: str, value: str, starts_on: date, months: int, fund: Any
) -> Agreement | None:
    existing = Agreement.objects.filter(source_type=DEMO_SOURCE, source_id=key).first()
    if existing is not None:
        return existing
    lead = Organisation.objects.filter(name=organisation).first()
    if lead is None:
        return None
    return agreement_create(
        by=by,
        mechanism=Mechanism.CONTRACT,
        title=title,
        purpose=f"{title}, as the service specification sets out.",
        organisation=lead,
        fund=fund,
        priorities=[],
        value=Decimal(value),
        starts_on=starts_on,
        ends_on=add_months(starts_on, months) - timedelta(days=1),
        source_type=DEMO_SOURCE,
        source_id=key,
        status=AgreementStatus.ACTIVE,
    )


def _allocate_later_years(*, by: Actor, fund: Fund, until: date) -> None:
    """The demo finance years stop at this year: the contract's later years need their allocations."""
    cfo = _person(CFO, by)
    for start_year in range(years.start_year_of(timezone.localdate()), years.start_year_of(until) + 1):
        year = financial_year(start_year)
        if allocation_of(fund, year) is None:
            allocation_set(by=cfo, fund=fund, year=year, amount=Decimal("1150000.00"))


def _fill(d: Decommissioning, *, by: Actor, parts: dict[str, dict[str, Any]]) -> None:
    if d.status != DecommissioningStatus.DRAFT:
        return
    for part, values in parts.items():
        decommissioning_update(by=by, decommissioning=d, part=part, **values)


def _completed(*, by: Actor) -> None:
    fund = Fund.objects.filter(code="VF").first()
    if fund is None:
        return
    today = timezone.localdate()
    starts_on = add_months(date(today.year, today.month, 1), -15)
    _allocate_later_years(by=by, fund=fund, until=add_months(starts_on, 36))
    officer, commissioner, provider = _person(OFFICER, by), _person(COMMISSIONER, by), _person(PROVIDER, by)
    agreement = _agreement(
        by=officer,
        key="restorative-justice",
        organisation="Swindon Restorative Justice CIC",
        title="Restorative justice conferencing service",
        value="90000.00",
        starts_on=starts_on,
        months=36,
        fund=fund,
    )
    if agreement is None:
        return
    plan = agreement.monitoring_plan
    if plan.needs_indicators and not plan.indicators.exists():
        monitoring_plan_adjust(
            by=officer,
            plan=plan,
            reason="Indicators agreed at the start-up meeting",
            indicators=DEMO_INDICATORS,
        )
    returns = {r.number: r for r in MonitoringReturn.objects.filter(plan=plan).select_related("plan")}
    for spec in RETURNS:
        if spec.number in returns:
            _play(spec, returns[spec.number], provider=provider, officer=officer)
    d = agreement.decommissionings.order_by("pk").first() or decommissioning_start(
        by=officer,
        agreement=agreement,
        kind=Kind.END,
        reason=Reason.ANOTHER_PROVIDER,
        reason_detail="The county's new integrated victim service now offers restorative justice to every victim "
        "who asks, with one referral route; running a second service beside it costs more for less.",
    )
    notice_on = d.notice_on or today
    _fill(
        d,
        by=officer,
        parts={
            "impact": {
                "service_user_impact": "About 35 people a quarter take part in a conference. New referrals go to "
                "the integrated service from the end date; no one loses a conference already arranged.",
                "equality_impact": "Younger victims and victims with a learning disability are most affected: the "
                "integrated service keeps the trained facilitators and the easy-read material.",
            },
            "transition": {
                "people_supported": 42,
                "transition_plan": "Each open case is handed over with the person's consent at a joint meeting; "
                "cases close to a conference stay with the provider until it is held.",
                "assets": "The conferencing room equipment bought with the grant passes to the integrated service.",
                "data_handling": "Case records go to the integrated service under the data sharing agreement; the "
                "rest are destroyed after six years.",
            },
            "notice": {"notice_on": notice_on, "ends_on": add_months(notice_on, 4)},
        },
    )
    if d.status == DecommissioningStatus.DRAFT and latest_report(agreement.pk) is not None:
        decommissioning_propose(by=officer, decommissioning=d, reason="Reviewed at the commissioning board")
    if d.status == DecommissioningStatus.PROPOSED:
        if not d.provider_response:
            decommissioning_response_record(
                by=provider,
                decommissioning=d,
                response="We understand the reasons. We ask that our two facilitators be offered posts in the "
                "integrated service, and that cases close to a conference stay with us.",
            )
        decommissioning_decide(
            by=commissioner,
            decommissioning=d,
            reason="Considered with the latest monitoring report and the provider's response",
        )


def _cannot_go_forward(*, by: Actor) -> None:
    today = timezone.localdate()
    officer = _person(OFFICER, by)
    agreement = _agreement(
        by=officer,
        key="night-patrols",
        organisation="Trowbridge Street Pastors",
        title="Night-time economy patrols",
        value="8000.00",
        starts_on=add_months(date(today.year, today.month, 1), -1),
        months=12,
        fund=None,
    )
    if agreement is None:
        return
    d = agreement.decommissionings.order_by("pk").first() or decommissioning_start(
        by=officer,
        agreement=agreement,
        kind=Kind.END,
        reason=Reason.FUNDING,
        reason_detail="The town council's funding for the night-time economy ends in March.",
    )
    _fill(
        d,
        by=officer,
        parts={
            "impact": {
                "service_user_impact": "People leaving the town's bars late at night lose a friendly presence.",
                "equality_impact": "Young women out at night are most affected; the police patrol plan covers it.",
            },
            "transition": {"people_supported": 0, "transition_plan": "No one is supported one to one."},
            "notice": {"notice_on": today, "ends_on": min(add_months(today, 3), agreement.ends_on)},
        },
    )


def load(*, by: Actor) -> None:
    _completed(by=by)
    _cannot_go_forward(by=by)
