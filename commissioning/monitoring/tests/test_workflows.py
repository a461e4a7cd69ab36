"""Returns and remedial plans move only through the workflow primitive: every move of each table writes one audit
event and one StatusChange row, the table refuses moves it does not hold, and the permission table decides who
moves (a provider only their own organisation's returns; only officers review)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent, StatusChange
from commissioning.audit.workflow import allowed_moves, history, may_move, transition
from commissioning.core.actors import SCHEDULER
from commissioning.core.errors import InvalidTransition
from commissioning.monitoring.models import (
    REMEDIAL_PLAN_TRANSITIONS,
    RETURN_TRANSITIONS,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.services.returns import (
    return_answers_save,
    return_evidence_add,
    return_submit,
)
from commissioning.monitoring.services.review import (
    ActionSpec,
    remedial_action_complete,
    return_changes_request,
    return_rate,
)
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

FULL = {"outputs": "Forty sessions", "outcomes": "Safer", "narrative": "Going well"}


@pytest.fixture
def first_return(officer, organisation):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    return agreement.monitoring_plan.returns.get(number=1)


@pytest.fixture
def stranger(make_user):
    person = make_user(Role.PROVIDER, email="stranger@example.org")
    MembershipFactory(organisation=OrganisationFactory(name="Other Charity"), user=person)
    return person


def _save(by, monitoring_return):
    return return_answers_save(
        by=by,
        monitoring_return=monitoring_return,
        answers=FULL,
        indicator_values={},
        spend_to_date=Decimal("5"),
    )


def _moves(record):
    return [(c.from_status, c.to_status) for c in history(record)]


def _events(record, action):
    return AuditEvent.objects.filter(
        record_type=record._meta.label_lower, record_id=str(record.pk), action=action
    ).count()


def test_a_return_walks_its_whole_table_with_one_event_and_one_history_row_a_move(
    officer, provider, first_return
):
    _save(provider, first_return)
    return_submit(by=provider, monitoring_return=first_return)
    return_changes_request(by=officer, monitoring_return=first_return, message="Add the case study")
    return_submit(by=provider, monitoring_return=first_return)
    return_rate(by=officer, monitoring_return=first_return, rating="green", reasons="On track")

    walked = _moves(first_return)
    assert walked == [
        (ReturnStatus.DUE, ReturnStatus.DRAFT),
        (ReturnStatus.DRAFT, ReturnStatus.SUBMITTED),
        (ReturnStatus.SUBMITTED, ReturnStatus.CHANGES_REQUESTED),
        (ReturnStatus.CHANGES_REQUESTED, ReturnStatus.SUBMITTED),
        (ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED),
    ]
    # Every move of the table but one (due straight to submitted, taken below) has been made.
    every_move = {(current, target) for current, targets in RETURN_TRANSITIONS.items() for target in targets}
    assert every_move - set(walked) == {(ReturnStatus.DUE, ReturnStatus.SUBMITTED)}
    assert [_events(first_return, verb) for verb in ("start", "submit", "request_changes", "rate")] == [
        1,
        2,
        1,
        1,
    ]
    changes = list(history(first_return))
    assert [c.changed_by for c in changes] == [provider, provider, officer, provider, officer]
    assert changes[2].reason == "Add the case study" and changes[4].reason == "On track"
    first_return.refresh_from_db()
    assert first_return.submitted_by == provider and first_return.reviewed_by == officer
    assert first_return.rating == "green" and first_return.rating_reasons == "On track"


def test_a_due_return_can_be_sent_without_a_draft_when_its_form_asks_nothing(officer, provider, first_return):
    first_return.form_definition = {"version": 1, "sections": []}
    first_return.save(update_fields=["form_definition"])
    return_submit(by=provider, monitoring_return=first_return)
    assert _moves(first_return) == [(ReturnStatus.DUE, ReturnStatus.SUBMITTED)]
    assert _events(first_return, "submit") == 1


def test_the_table_refuses_a_move_it_does_not_hold(officer, provider, first_return):
    with pytest.raises(InvalidTransition, match="A return that is due cannot become reviewed"):
        transition(by=officer, record=first_return, to=ReturnStatus.REVIEWED)
    assert not StatusChange.objects.filter(record_type="monitoring.monitoringreturn").exists()


def test_only_the_organisations_own_people_answer_or_send_its_return(stranger, officer, first_return):
    with pytest.raises(PermissionRefused, match="another organisation's agreement"):
        _save(stranger, first_return)
    with pytest.raises(PermissionRefused):
        return_submit(by=stranger, monitoring_return=first_return)
    with pytest.raises(PermissionRefused):
        return_evidence_add(by=stranger, monitoring_return=first_return, upload=None)
    with pytest.raises(PermissionRefused):
        _save(officer, first_return)
    with pytest.raises(PermissionRefused):
        _save(SCHEDULER, first_return)
    first_return.refresh_from_db()
    assert (
        first_return.status == ReturnStatus.DUE
        and not StatusChange.objects.filter(record_type="monitoring.monitoringreturn").exists()
    )


def test_only_officers_review_and_buttons_follow_the_permission_table(
    make_user, officer, provider, first_return
):
    _save(provider, first_return)
    return_submit(by=provider, monitoring_return=first_return)
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionRefused):
        return_rate(by=auditor, monitoring_return=first_return, rating="green", reasons="Fine")
    with pytest.raises(PermissionRefused):
        return_changes_request(by=provider, monitoring_return=first_return, message="Change it")
    first_return.refresh_from_db()
    assert may_move(first_return, officer, ReturnStatus.REVIEWED)
    assert not may_move(first_return, auditor, ReturnStatus.REVIEWED)
    assert [(m.to, m.label, m.allowed) for m in allowed_moves(first_return, officer)] == [
        (ReturnStatus.CHANGES_REQUESTED, "Ask for changes", True),
        (ReturnStatus.REVIEWED, "Rate the return", True),
    ]
    refused = allowed_moves(first_return, provider)
    assert not any(m.allowed for m in refused) and all(m.reason for m in refused)


def test_a_remedial_plan_closes_through_the_primitive_when_its_last_action_is_done(
    officer, provider, first_return
):
    _save(provider, first_return)
    return_submit(by=provider, monitoring_return=first_return)
    due = timezone.localdate() + timedelta(days=30)
    return_rate(
        by=officer,
        monitoring_return=first_return,
        rating="red",
        reasons="Far behind",
        actions=[ActionSpec("Recruit", "Manager", due), ActionSpec("Report", "Data officer", due)],
    )
    plan = RemedialPlan.objects.get()
    first, second = plan.actions.order_by("pk")
    with pytest.raises(PermissionRefused):
        remedial_action_complete(by=provider, action=first, done_on=timezone.localdate())
    remedial_action_complete(by=officer, action=first, done_on=timezone.localdate())
    assert _moves(plan) == []
    remedial_action_complete(by=officer, action=second, done_on=timezone.localdate())
    plan.refresh_from_db()
    assert plan.status == RemedialPlan.Status.CLOSED and plan.closed_by == officer and plan.closed_at
    assert _moves(plan) == [
        (current, target) for current, targets in REMEDIAL_PLAN_TRANSITIONS.items() for target in targets
    ]
    assert history(plan).get().changed_by == officer
    assert _events(plan, "close") == 1
    with pytest.raises(InvalidTransition):
        transition(by=officer, record=plan, to=RemedialPlan.Status.CLOSED)


def test_reminders_are_the_scheduled_jobs_to_send(officer, provider, first_return):
    from commissioning.monitoring.services.reminders import reminders_send

    assert reminders_send(by=SCHEDULER, on=first_return.due_on).before_due == 1
    with pytest.raises(PermissionRefused):
        reminders_send(by=provider, on=first_return.due_on)
