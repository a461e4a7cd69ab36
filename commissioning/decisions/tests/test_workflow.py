"""The decision record's workflow on the one primitive: each move of DECISION_TRANSITIONS writes one audit event and
one history row, the permission table decides who moves, and the record's buttons come from allowed_moves."""

from decimal import Decimal

import pytest

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import allowed_moves, history, transition, workflow_for
from commissioning.core.actors import BACKGROUND_TASK, SCHEDULER
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.decisions.access import decision_moves
from commissioning.decisions.models import DECISION_TRANSITIONS, DecisionRecord, DecisionStatus
from commissioning.decisions.services import decision_approve, decision_publish

from .conftest import draft

pytestmark = pytest.mark.django_db


def test_the_registered_workflow_is_the_models_transition_table():
    workflow = workflow_for(DecisionRecord)
    assert workflow.table is DECISION_TRANSITIONS
    assert workflow.action_for(DecisionStatus.DRAFT, DecisionStatus.APPROVED) == "decision.approve"
    assert workflow.action_for(DecisionStatus.APPROVED, DecisionStatus.PUBLISHED) == "decision.publish"


def test_each_move_writes_one_audit_event_and_one_history_row(officer, commissioner):
    record = draft(officer)
    decision_approve(by=commissioner, record=record)
    decision_publish(by=commissioner, record=record)
    moves = [(row.from_status, row.to_status, row.changed_by) for row in history(record)]
    assert moves == [
        (DecisionStatus.DRAFT, DecisionStatus.APPROVED, commissioner),
        (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED, commissioner),
    ]
    events = AuditEvent.objects.filter(record_type="decisions.decisionrecord", record_id=str(record.pk))
    assert list(events.order_by("sequence").values_list("action", flat=True)) == [
        "draft",
        "approve",
        "publish",
    ]
    approve = events.get(action="approve")
    assert approve.before["status"] == "draft" and approve.after["status"] == "approved"
    assert approve.after["decision_maker_id"] == commissioner.pk


def test_a_refused_approval_writes_nothing(officer, chief_executive):
    record = draft(officer, amount=Decimal("40000.00"))
    with pytest.raises(DomainError, match="Your delegated limit is £25,000"):
        decision_approve(by=chief_executive, record=record)
    assert not history(record).exists()
    assert not AuditEvent.objects.filter(action="approve").exists()


def test_the_permission_table_decides_who_moves_a_record(officer, commissioner, make_user):
    record = draft(officer)
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionRefused, match="You do not have a role that can approve decision records"):
        transition(by=auditor, record=record, to=DecisionStatus.APPROVED)
    for system in (SCHEDULER, BACKGROUND_TASK):
        with pytest.raises(PermissionRefused, match="cannot approve decision records"):
            transition(by=system, record=record, to=DecisionStatus.APPROVED)
    record.refresh_from_db()
    assert record.status == DecisionStatus.DRAFT and not history(record).exists()


def test_the_primitive_refuses_a_move_outside_the_table_in_plain_words(officer):
    record = draft(officer)
    with pytest.raises(InvalidTransition) as refused:
        transition(by=officer, record=record, to=DecisionStatus.PUBLISHED)
    assert refused.value.message == (
        "This decision record is still a draft, so it cannot be published: it must be approved first"
    )


def test_buttons_come_from_allowed_moves(officer, commissioner, make_user):
    record = draft(officer)
    auditor = make_user(Role.AUDITOR)
    refused, not_returned = allowed_moves(record, auditor)
    assert (refused.to, refused.allowed) == (DecisionStatus.APPROVED, False)
    assert refused.reason == "You do not have a role that can approve decision records"
    assert (not_returned.to, not_returned.allowed) == (DecisionStatus.RETURNED, False)
    assert decision_moves(auditor, record) == []
    # Approval (or returning the draft without a decision) is offered to anyone with some delegated authority
    # (the service checks that it covers the amount).
    for decider in (officer, commissioner):
        assert [(move.to, move.label) for move in decision_moves(decider, record)] == [
            (DecisionStatus.APPROVED, "Approve"),
            (DecisionStatus.RETURNED, "Return without a decision"),
        ]
    record = decision_approve(by=commissioner, record=record)
    assert [move.label for move in decision_moves(officer, record)] == ["Publish"]
    assert decision_moves(auditor, record) == []


def test_approval_is_not_offered_without_delegated_authority(officer):
    """No delegated limits are set, so the officer's role may approve but they hold no authority."""
    assert decision_moves(officer, draft(officer)) == []
