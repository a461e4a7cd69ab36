"""Commissioning intentions through their services: items only while draft, submitted for decision with a decision
record drafted, approved when (and only when) the record is approved, back to draft when it is returned, and
published; the public reads only published years."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.audit.models import StatusChange
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.cycle.models import IntentionsStatus
from commissioning.cycle.selectors.intentions import by_priority, published_intentions, published_year
from commissioning.cycle.services.intentions import (
    INTENTIONS_SOURCE,
    intention_add,
    intention_remove,
    intention_update,
    intentions_publish,
    intentions_start,
    intentions_submit,
    intentions_update,
)
from commissioning.decisions.models import DecisionStatus
from commissioning.decisions.services import (
    decision_approve,
    decision_create,
    decision_publish,
    decision_return,
)
from commissioning.finance.selectors import current_start_year

from .needs_support import draft_intentions, item_values

pytestmark = pytest.mark.django_db
S = IntentionsStatus


@pytest.fixture
def year() -> int:
    return current_start_year()


def test_items_are_added_changed_and_removed_while_draft(officer, priorities, year):
    intentions = draft_intentions(officer, priorities, year, items=2)
    first, second = intentions.items.order_by("position")
    assert (first.position, second.position) == (1, 2)
    intention_update(
        by=officer,
        item=first,
        **item_values(priorities, year, title="Changed", priority_ids=[p.pk for p in priorities]),
    )
    first.refresh_from_db()
    assert first.title == "Changed" and first.priorities.count() == 3
    intention_remove(by=officer, item=second)
    assert list(intentions.items.values_list("title", flat=True)) == ["Changed"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": " "}, "title", "Enter the title of the project"),
        ({"description": ""}, "description", "Enter a description of the project"),
        ({"priority_ids": []}, "priorities", "Select at least one priority"),
        ({"indicative_value": "lots"}, "indicative_value", "must be an amount of money"),
        ({"indicative_value": Decimal("0")}, "indicative_value", "must be more than £0"),
        ({"indicative_value": None}, "indicative_value", "Enter the indicative value"),
        ({"mechanism": "barter"}, "mechanism", "Select the likely mechanism"),
        ({"starts_on": None}, "starts_on", "Enter the expected start"),
    ],
)
def test_an_item_is_refused_in_plain_words(officer, priorities, year, values, field, message):
    intentions = intentions_start(by=officer, start_year=year)
    with pytest.raises(DomainError, match=message) as refused:
        intention_add(by=officer, intentions=intentions, **item_values(priorities, year, **values))
    assert refused.value.field == field
    assert not intentions.items.exists()


def test_an_item_starts_within_the_year(officer, priorities, year):
    intentions = intentions_start(by=officer, start_year=year)
    with pytest.raises(DomainError, match=f"The expected start must be in {year}/"):
        intention_add(
            by=officer, intentions=intentions, **item_values(priorities, year, starts_on=date(year + 1, 4, 1))
        )


def test_one_set_of_intentions_a_year(officer, year):
    intentions_start(by=officer, start_year=year)
    with pytest.raises(DomainError, match="There are already commissioning intentions"):
        intentions_start(by=officer, start_year=year)


def test_submitting_drafts_the_decision_record_and_waits(officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year, items=2)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    record = intentions.decision
    assert intentions.status == S.AWAITING_DECISION
    assert record.status == DecisionStatus.DRAFT
    assert (record.source_type, record.source_id) == (INTENTIONS_SOURCE, str(intentions.pk))
    assert "£240,000 across 2 projects" in record.financial_implications
    assert record.amount is None and "Project 1: £120,000" in record.background
    move = StatusChange.objects.get(record_type="cycle.commissioningintentions")
    assert (move.from_status, move.to_status, move.changed_by) == (S.DRAFT, S.AWAITING_DECISION, officer)


def test_submitting_needs_a_summary_and_an_item(officer, priorities, year):
    intentions = intentions_start(by=officer, start_year=year)
    with pytest.raises(DomainError, match="Enter a summary"):
        intentions_submit(by=officer, intentions=intentions)
    intentions_update(by=officer, intentions=intentions, summary="Our plans")
    with pytest.raises(DomainError, match="Add at least one project"):
        intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    assert intentions.status == S.DRAFT and intentions.decision is None


def test_items_cannot_be_edited_once_submitted(officer, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    item = intentions.items.get()
    intentions_submit(by=officer, intentions=intentions)
    refusal = "awaiting decision, so they cannot be changed"
    with pytest.raises(DomainError, match=refusal):
        intention_add(by=officer, intentions=intentions, **item_values(priorities, year))
    with pytest.raises(DomainError, match=refusal):
        intention_update(by=officer, item=item, **item_values(priorities, year, title="Sneaky"))
    with pytest.raises(DomainError, match=refusal):
        intention_remove(by=officer, item=item)
    with pytest.raises(DomainError, match=refusal):
        intentions_update(by=officer, intentions=intentions, summary="Changed")
    item.refresh_from_db()
    assert item.title == "Project 1" and intentions.items.count() == 1


def test_approved_when_the_decision_is_approved_and_not_before(officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    with pytest.raises(InvalidTransition, match="awaiting decision, so they cannot be published"):
        intentions_publish(by=officer, intentions=intentions)
    # Another decision record approved leaves them waiting.
    other = decision_create(by=officer, title="Other", summary="s", decision="d", confidentiality="public")
    decision_approve(by=commissioner, record=other)
    intentions.refresh_from_db()
    assert intentions.status == S.AWAITING_DECISION
    decision_approve(by=commissioner, record=intentions.decision)
    intentions.refresh_from_db()
    assert intentions.status == S.APPROVED and intentions.published_at is None
    move = StatusChange.objects.filter(record_type="cycle.commissioningintentions").last()
    assert (
        move.changed_by == commissioner
        and move.reason == f"Decision {intentions.decision.reference} approved"
    )


def test_publishing_publishes_the_decision_record_too(officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    decision_approve(by=commissioner, record=intentions.decision)
    intentions.refresh_from_db()
    assert published_year(year) is None
    intentions_publish(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    assert intentions.status == S.PUBLISHED and intentions.published_at is not None
    assert intentions.decision.status == DecisionStatus.PUBLISHED
    assert published_year(year).pk == intentions.pk


def test_a_returned_decision_moves_them_back_to_draft(officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    first = intentions.decision
    with pytest.raises(DomainError, match="Enter why"):
        decision_return(by=commissioner, record=first, reason=" ")
    decision_return(by=commissioner, record=first, reason="Add the youth diversion project.")
    intentions.refresh_from_db()
    first.refresh_from_db()
    assert first.status == DecisionStatus.RETURNED
    assert intentions.status == S.DRAFT
    move = StatusChange.objects.filter(record_type="cycle.commissioningintentions").last()
    assert (move.to_status, move.reason) == (S.DRAFT, "Add the youth diversion project.")
    # Draft again: it can be changed and submitted again, with a new decision record.
    intention_add(by=officer, intentions=intentions, **item_values(priorities, year, title="Youth diversion"))
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    assert intentions.decision != first and intentions.status == S.AWAITING_DECISION
    with pytest.raises(InvalidTransition):
        decision_approve(by=commissioner, record=first)


def test_a_returned_record_cannot_be_published_or_returned_twice(officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    record = decision_return(by=commissioner, record=intentions.decision, reason="Not yet")
    with pytest.raises(InvalidTransition, match="returned without a decision"):
        decision_return(by=commissioner, record=record, reason="Again")
    with pytest.raises(InvalidTransition):
        decision_publish(by=commissioner, record=record)


def test_only_a_decision_maker_with_authority_returns(officer, make_user, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    with pytest.raises(PermissionRefused):
        decision_return(by=make_user(Role.AUDITOR), record=intentions.decision, reason="No")
    with pytest.raises(DomainError, match="no delegated authority"):
        decision_return(by=make_user(Role.CHIEF_EXECUTIVE), record=intentions.decision, reason="No")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ASSESSOR, Role.COMMISSIONER, Role.PROVIDER])
def test_only_officers_write_and_submit(make_user, officer, priorities, year, role):
    person = make_user(role)
    with pytest.raises(PermissionRefused):
        intentions_start(by=person, start_year=year)
    intentions = draft_intentions(officer, priorities, year)
    with pytest.raises(PermissionRefused):
        intention_add(by=person, intentions=intentions, **item_values(priorities, year))
    with pytest.raises(PermissionRefused):
        intentions_submit(by=person, intentions=intentions)


def test_the_public_sees_only_published_years(officer, commissioner, priorities, year):
    drafted = draft_intentions(officer, priorities, year + 1)
    waiting = draft_intentions(officer, priorities, year + 2)
    intentions_submit(by=officer, intentions=waiting)
    published = draft_intentions(officer, priorities, year, items=0)
    intention_add(
        by=officer,
        intentions=published,
        **item_values(priorities, year, priority_ids=[priorities[1].pk, priorities[0].pk]),
    )
    intention_add(
        by=officer,
        intentions=published,
        **item_values(priorities, year, title="Second", priority_ids=[priorities[1].pk]),
    )
    intentions_submit(by=officer, intentions=published)
    published.refresh_from_db()
    decision_approve(by=commissioner, record=published.decision)
    approved = draft_intentions(officer, priorities, year - 1)
    intentions_submit(by=officer, intentions=approved)
    approved.refresh_from_db()
    decision_approve(by=commissioner, record=approved.decision)
    intentions_publish(by=officer, intentions=published)
    assert [row.pk for row in published_intentions()] == [published.pk]
    for hidden in (drafted, waiting, approved):
        assert published_year(hidden.financial_year.start_year) is None
    year_page = published_year(year)
    groups = by_priority(year_page)
    assert [group.priority.number for group in groups] == [1, 2]
    assert [item.title for item in groups[1].items] == ["Evening helpline for victims", "Second"]
    assert groups[1].total == Decimal("240000.00")
