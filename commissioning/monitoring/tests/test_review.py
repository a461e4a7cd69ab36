from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import history
from commissioning.core.errors import DomainError
from commissioning.monitoring.models import Rating, RemedialPlan, ReturnStatus
from commissioning.monitoring.services.returns import return_answers_save, return_submit
from commissioning.monitoring.services.review import (
    ActionSpec,
    remedial_action_complete,
    return_changes_request,
    return_rate,
)

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

FULL = {"outputs": "Forty sessions", "outcomes": "Safer", "narrative": "Going well"}


@pytest.fixture
def submitted(officer, organisation, provider):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    monitoring_return = agreement.monitoring_plan.returns.get(number=1)
    return_answers_save(
        by=provider,
        monitoring_return=monitoring_return,
        answers=FULL,
        indicator_values={},
        spend_to_date=Decimal("5"),
    )
    return return_submit(by=provider, monitoring_return=monitoring_return)


def _actions(count=1):
    due = timezone.localdate() + timedelta(days=30)
    return [
        ActionSpec(action=f"Recruit volunteer {n}", owner="Service manager", due_on=due) for n in range(count)
    ]


def test_green_rating_with_reasons_reviews_the_return(officer, submitted):
    rated = return_rate(by=officer, monitoring_return=submitted, rating=Rating.GREEN, reasons="On track")
    assert rated.status == ReturnStatus.REVIEWED
    assert (rated.rating, rated.rating_reasons, rated.reviewed_by) == ("green", "On track", officer)
    assert not RemedialPlan.objects.exists()
    assert AuditEvent.objects.filter(action="rate", record_id=str(rated.pk)).exists()


@pytest.mark.parametrize("reasons", ["", "   "])
def test_reasons_are_required(officer, submitted, reasons):
    with pytest.raises(DomainError, match="Enter the reasons"):
        return_rate(by=officer, monitoring_return=submitted, rating=Rating.AMBER, reasons=reasons)
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED


def test_red_needs_a_remedial_plan_and_opens_one_with_its_actions(officer, submitted):
    with pytest.raises(DomainError, match="remedial action plan"):
        return_rate(by=officer, monitoring_return=submitted, rating=Rating.RED, reasons="Far behind")
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED and not RemedialPlan.objects.exists()
    return_rate(
        by=officer,
        monitoring_return=submitted,
        rating=Rating.RED,
        reasons="Far behind",
        remedial_summary="Sessions",
        actions=_actions(2),
    )
    plan = RemedialPlan.objects.get()
    assert plan.monitoring_return == submitted and plan.agreement == submitted.plan.agreement
    assert plan.status == RemedialPlan.Status.OPEN and plan.actions.count() == 2


def test_actions_must_be_due_in_the_future_and_only_with_red(officer, submitted):
    past = [ActionSpec(action="Fix", owner="Me", due_on=timezone.localdate() - timedelta(days=1))]
    with pytest.raises(DomainError, match="due today or later"):
        return_rate(by=officer, monitoring_return=submitted, rating=Rating.RED, reasons="x", actions=past)
    with pytest.raises(DomainError, match="only for a red"):
        return_rate(
            by=officer, monitoring_return=submitted, rating=Rating.GREEN, reasons="x", actions=_actions()
        )


def test_only_a_submitted_return_can_be_reviewed(officer, submitted):
    draft = submitted.plan.returns.get(number=2)
    with pytest.raises(DomainError, match="Only a submitted return"):
        return_rate(by=officer, monitoring_return=draft, rating=Rating.GREEN, reasons="Fine")
    with pytest.raises(DomainError, match="Only a submitted return"):
        return_changes_request(by=officer, monitoring_return=draft, message="More")
    return_rate(by=officer, monitoring_return=submitted, rating=Rating.GREEN, reasons="Fine")
    with pytest.raises(DomainError, match="Only a submitted return"):
        return_rate(by=officer, monitoring_return=submitted, rating=Rating.AMBER, reasons="Again")


def test_changes_request_sends_the_return_back_and_it_can_be_submitted_again(officer, provider, submitted):
    with pytest.raises(DomainError, match="Enter what the provider needs to change"):
        return_changes_request(by=officer, monitoring_return=submitted, message=" ")
    back = return_changes_request(by=officer, monitoring_return=submitted, message="Add the case study")
    assert back.status == ReturnStatus.CHANGES_REQUESTED and back.changes_requested == "Add the case study"
    assert history(back).last().reason == "Add the case study"
    again = return_submit(by=provider, monitoring_return=back)
    assert again.status == ReturnStatus.SUBMITTED


def test_remedial_plan_closes_when_every_action_is_done(officer, submitted):
    return_rate(
        by=officer, monitoring_return=submitted, rating=Rating.RED, reasons="Behind", actions=_actions(2)
    )
    plan = RemedialPlan.objects.get()
    first, second = plan.actions.all()
    today = timezone.localdate()
    with pytest.raises(DomainError, match="today or in the past"):
        remedial_action_complete(by=officer, action=first, done_on=today + timedelta(days=1))
    remedial_action_complete(by=officer, action=first, done_on=today)
    plan.refresh_from_db()
    assert plan.status == RemedialPlan.Status.OPEN
    with pytest.raises(DomainError, match="already done"):
        remedial_action_complete(by=officer, action=first, done_on=today)
    remedial_action_complete(by=officer, action=second, done_on=today)
    plan.refresh_from_db()
    assert plan.status == RemedialPlan.Status.CLOSED and plan.closed_by == officer
    assert AuditEvent.objects.filter(action="close", record_id=str(plan.pk)).exists()


def test_returns_to_review_and_overdue_are_on_the_officers_dashboard(client, officer, submitted, make_user):
    from django.urls import reverse

    from commissioning.accounts.roles import Role
    from commissioning.dashboard.work import work_waiting

    items = {item.label: item for item in work_waiting(officer)}
    assert items["Monitoring returns to review"].count == 1
    assert items["Monitoring returns to review"].url == reverse("monitoring:review-list")
    assert not [item for item in work_waiting(make_user(Role.AUDITOR)) if "Monitoring" in item.label]
    client.force_login(officer)
    assert "Monitoring returns to review" in client.get(reverse("dashboard:home")).content.decode()
    return_rate(by=officer, monitoring_return=submitted, rating=Rating.GREEN, reasons="On track")
    assert "Monitoring returns to review" not in {item.label for item in work_waiting(officer)}
