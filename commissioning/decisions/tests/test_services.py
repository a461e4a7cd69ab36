"""Decision records through their services: numbering per financial year, drafts, the transition table, the
delegated limit at approval, publication, the audit trail."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.models import ReferenceCounter
from commissioning.core.services import reference_next
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus
from commissioning.decisions.services import (
    decision_approve,
    decision_create,
    decision_publish,
    decision_update,
)

from .conftest import draft

pytestmark = pytest.mark.django_db


def test_references_count_up_within_a_financial_year_and_start_again_in_the_next(officer):
    first = draft(officer, on=date(2026, 4, 1))
    second = draft(officer, on=date(2027, 3, 31))
    next_year = draft(officer, on=date(2027, 4, 1))
    earlier_year = draft(officer, on=date(2026, 3, 31))
    assert [first.reference, second.reference] == ["2026/001", "2026/002"]
    assert next_year.reference == "2027/001"
    assert earlier_year.reference == "2025/001"
    assert first.slug == "2026-001"
    assert ReferenceCounter.objects.get(scope="decision", year=2026).last == 2


def test_reference_next_counts_each_scope_and_year_on_its_own(db):
    with transaction.atomic():
        assert reference_next("other", 2026) == 1
        assert reference_next("other", 2026) == 2
        assert reference_next("other", 2027) == 1


def test_a_draft_is_audited_and_its_history_shows_each_step(officer, commissioner):
    record = draft(officer)
    decision_update(
        by=officer,
        record=record,
        title="Extend the victim care service by a year",
        summary=record.summary,
        decision=record.decision,
        amount=record.amount,
        confidentiality=Confidentiality.PUBLIC,
    )
    decision_approve(by=commissioner, record=record)
    decision_publish(by=commissioner, record=record)
    actions = list(
        AuditEvent.objects.filter(record_type="decisions.decisionrecord", record_id=str(record.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["draft", "update", "approve", "publish"]
    record.refresh_from_db()
    assert record.status == DecisionStatus.PUBLISHED
    assert record.decision_maker == commissioner
    assert record.decided_on == timezone.localdate()
    assert record.published_at is not None


def test_saving_a_draft_unchanged_writes_no_event(officer):
    record = draft(officer)
    before = AuditEvent.objects.count()
    values = {
        name: getattr(record, name)
        for name in ("title", "summary", "decision", "amount", "confidentiality", "exemption", "exempt_part")
    }
    decision_update(by=officer, record=record, **values)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": " "}, "title", "Enter the title of the decision"),
        ({"summary": ""}, "summary", "Enter a summary of the decision"),
        ({"decision": ""}, "decision", "Enter the decision"),
        ({"confidentiality": "secret"}, "confidentiality", "Select whether the decision is public"),
        ({"confidentiality": Confidentiality.EXEMPT}, "exemption", "Select the exemption"),
        (
            {"confidentiality": Confidentiality.PART_EXEMPT, "exemption": "foi-40"},
            "exempt_part",
            "Enter the exempt part",
        ),
        ({"amount": Decimal("-1")}, "amount", "The amount must be £0.00 or more"),
        ({"amount": "lots"}, "amount", "The amount must be an amount of money"),
        ({"amount": "NaN"}, "amount", "The amount must be an amount of money"),
    ],
)
def test_a_draft_missing_what_it_needs_is_refused_with_a_message(officer, values, field, message):
    with pytest.raises(DomainError) as refused:
        draft(officer, **values)
    assert refused.value.field == field
    assert refused.value.message.startswith(message)
    assert not DecisionRecord.objects.exists()


def test_a_public_decision_keeps_no_exemption_or_exempt_part(officer):
    record = draft(officer, exemption="foi-31", exempt_part="Left over from an earlier choice")
    assert record.exemption == "" and record.exempt_part == ""


def test_moves_outside_the_transition_table_are_refused_with_a_clear_message(officer, commissioner):
    record = draft(officer)
    with pytest.raises(InvalidTransition) as refused:
        decision_publish(by=commissioner, record=record)
    assert refused.value.message == (
        f"Decision {record.reference} is still a draft, so it cannot be published: it must be approved first"
    )
    decision_approve(by=commissioner, record=record)
    with pytest.raises(InvalidTransition) as again:
        decision_approve(by=commissioner, record=record)
    assert "is already approved, so it cannot be approved" in again.value.message
    with pytest.raises(DomainError) as edit:
        decision_update(
            by=officer, record=record, title="New", summary="S", decision="D", confidentiality="public"
        )
    assert "only a draft can be changed" in edit.value.message
    decision_publish(by=commissioner, record=record)
    with pytest.raises(InvalidTransition) as twice:
        decision_publish(by=commissioner, record=record)
    assert "is already published" in twice.value.message


def test_approval_needs_a_delegated_limit_that_covers_the_amount(officer, chief_executive, commissioner):
    record = draft(officer, amount=Decimal("40000.00"))
    with pytest.raises(DomainError) as refused:
        decision_approve(by=chief_executive, record=record)
    assert refused.value.message == (
        "Your delegated limit is £25,000. A decision on £40,000 must be made by someone whose limit covers it: "
        "the Chief Finance Officer (up to £100,000) or the Commissioner (no limit)."
    )
    record.refresh_from_db()
    assert record.status == DecisionStatus.DRAFT and record.decision_maker is None
    small = draft(officer, amount=Decimal("20000.00"))
    assert decision_approve(by=chief_executive, record=small).decision_maker == chief_executive
    assert decision_approve(by=commissioner, record=record).status == DecisionStatus.APPROVED


def test_someone_without_delegated_authority_cannot_approve_even_without_an_amount(make_user, limits):
    auditor = make_user(Role.AUDITOR)
    record = draft(make_user(Role.COMMISSIONING_OFFICER), amount=None)
    with pytest.raises(DomainError) as refused:
        decision_approve(by=auditor, record=record)
    assert "You have no delegated authority" in refused.value.message


def test_the_date_of_the_decision_cannot_be_in_the_future(officer, commissioner):
    record = draft(officer)
    with pytest.raises(DomainError) as refused:
        decision_approve(by=commissioner, record=record, decided_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.field == "decided_on"
    past = timezone.localdate() - timedelta(days=10)
    assert decision_approve(by=commissioner, record=record, decided_on=past).decided_on == past


def test_a_failed_audit_leaves_no_record_and_no_number_used(officer):
    with (
        mock.patch("commissioning.decisions.services.audit_record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        draft(officer)
    assert not DecisionRecord.objects.exists()
    assert draft(officer).number == 1


def test_create_takes_keyword_values_only(officer):
    with pytest.raises(TypeError):
        decision_create(officer)  # type: ignore[misc]
