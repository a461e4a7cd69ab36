"""A small world for a board pack: two funds with money committed and paid in 2026/27, agreements rated red,
amber and green and one not yet rated, an open remedial plan, approved feedback under themes, and agenda items."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.services import instalment_pay
from commissioning.agreements.tests.factories import allocate, make_agreement
from commissioning.boards.models import AgendaItem, Meeting
from commissioning.boards.services import agenda_item_add
from commissioning.feedback.models import Feedback, Theme
from commissioning.feedback.services import feedback_approve, feedback_give
from commissioning.finance.models import Fund
from commissioning.finance.tests.factories import FundFactory
from commissioning.monitoring.models import MonitoringReturn, RemedialAction, RemedialPlan, ReturnStatus
from commissioning.organisations.models import Organisation
from commissioning.organisations.tests.factories import OrganisationFactory


@dataclass
class World:
    victims: Fund
    safety: Fund
    red: Agreement
    amber: Agreement
    unrated: Agreement
    green: Agreement
    remedial: RemedialPlan
    decision: AgendaItem
    note: AgendaItem


def rate(agreement: Agreement, rating: str, *, days_ago: int = 10) -> MonitoringReturn:
    """Mark the agreement's first return reviewed with a rating (the review journey is tested in monitoring)."""
    monitoring_return = agreement.monitoring_plan.returns.order_by("number").first()
    assert monitoring_return is not None
    MonitoringReturn.objects.filter(pk=monitoring_return.pk).update(
        status=ReturnStatus.REVIEWED,
        rating=rating,
        rating_reasons="Reviewed",
        reviewed_at=timezone.now() - timedelta(days=days_ago),
    )
    return monitoring_return


def theme(slug: str, name: str) -> Theme:
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def build_world(*, by: Any, meeting: Meeting, cfo: Any) -> World:
    victims: Any = FundFactory(name="Victims Fund", code="VF")
    safety: Any = FundFactory(name="Community Safety Fund", code="CSF")
    allocate(victims, 2026, "500000.00")
    allocate(safety, 2026, "200000.00")
    allocate(safety, 2025, "90000.00")  # another year: never in a 2026/27 pack

    def agreement(title: str, fund: Fund, value: str, organisation: str) -> Agreement:
        return make_agreement(
            by=by,
            organisation=cast(Organisation, OrganisationFactory(name=organisation)),
            fund=fund,
            value=value,
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
            status=AgreementStatus.ACTIVE,
            title=title,
        )

    red = agreement("Independent sexual violence advisers", victims, "120000.00", "Swindon Survivors")
    amber = agreement("Restorative justice service", victims, "45000.00", "Restore Wiltshire")
    unrated = agreement("Street pastors", safety, "8000.00", "Salisbury Street Pastors")
    green = agreement("Youth diversion", safety, "30000.00", "Devizes Youth Club")
    instalment = red.instalments.order_by("number").first()
    assert instalment is not None
    instalment_pay(by=cfo, instalment=instalment, paid_on=date(2026, 4, 30), reference="PAY-1")

    rate(red, "red")
    rate(amber, "amber")
    rate(green, "green")
    remedial = RemedialPlan.objects.create(agreement=red, summary="Recruit advisers", opened_by=by)
    RemedialAction.objects.create(
        plan=remedial, action="Recruit two advisers", owner="Service manager", due_on=date(2027, 1, 31)
    )
    RemedialAction.objects.create(
        plan=remedial, action="Clear the waiting list", owner="Service manager", due_on=date(2026, 12, 31)
    )

    waiting = theme("access-and-waiting-times", "Access and waiting times")
    communication = theme("communication", "Communication")
    for text, themes in [
        ("I waited three weeks for a call back.", [waiting, communication]),
        ("Nobody told me what would happen next.", [communication]),
    ]:
        feedback = feedback_give(agreement=red, what_happened=text, consent_to_use=True)
        feedback_approve(by=by, feedback=feedback, themes=themes)
    # Received in the meeting's financial year (2026/27), whenever the tests run.
    Feedback.objects.filter(agreement=red).update(received_at=datetime(2026, 10, 1, 12, tzinfo=UTC))

    decision = agenda_item_add(
        by=by,
        meeting=meeting,
        title="Extend the advisers' contract",
        summary="A six-month extension while the service recovers",
        presenter="Head of Commissioning",
        needs_decision=True,
        agreement=red,
    )
    note = agenda_item_add(by=by, meeting=meeting, title="Minutes of the last meeting")
    return World(
        victims=victims,
        safety=safety,
        red=red,
        amber=amber,
        unrated=unrated,
        green=green,
        remedial=remedial,
        decision=decision,
        note=note,
    )
