"""Writes for decision records: draft, edit the draft, approve, publish. Each asks the permission table and runs in
one transaction with its audit event; each move goes through the workflow primitive (workflows.py)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition, workflow_for
from commissioning.core.actors import Actor
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.money import pounds
from commissioning.core.selectors import commissioning_body
from commissioning.core.services import reference_next
from commissioning.finance import years
from commissioning.governance.selectors import delegated_limit, may_decide

from . import hooks
from .models import (
    DRAFT_FIELDS,
    Confidentiality,
    DecisionRecord,
    DecisionStatus,
    Exemption,
    reference_format,
)
from .workflows import STATE_IN_WORDS, refusal_words

REFERENCE_SCOPE = "decision"
REQUIRED = {
    "title": "Enter the title of the decision",
    "summary": "Enter a summary of the decision",
    "decision": "Enter the decision",
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The draft's values checked together: what is required, and that a withheld decision names its exemption."""
    data = {name: values.get(name) for name in DRAFT_FIELDS}
    for name in DRAFT_FIELDS:
        if name != "amount":
            data[name] = (data[name] or "").strip()
    for name, message in REQUIRED.items():
        if not data[name]:
            raise DomainError(message, field=name)
    if data["confidentiality"] not in Confidentiality.values:
        raise DomainError(
            "Select whether the decision is public, part exempt or exempt", field="confidentiality"
        )
    amount = data["amount"]
    if amount is not None and amount != "":
        try:
            amount = Decimal(amount)
        except (ArithmeticError, TypeError, ValueError):
            raise DomainError(
                "The amount must be an amount of money, like 1,250.00", field="amount"
            ) from None
        if not amount.is_finite():
            raise DomainError("The amount must be an amount of money, like 1,250.00", field="amount")
        if amount < 0:
            raise DomainError("The amount must be £0.00 or more", field="amount")
    data["amount"] = amount if amount != "" else None
    if data["confidentiality"] == Confidentiality.PUBLIC:
        data["exemption"] = ""
        data["exempt_part"] = ""
        return data
    if data["exemption"] not in Exemption.values:
        raise DomainError(
            "Select the exemption that allows the information to be withheld", field="exemption"
        )
    if data["confidentiality"] == Confidentiality.PART_EXEMPT and not data["exempt_part"]:
        raise DomainError(
            "Enter the exempt part, which will be withheld from the public", field="exempt_part"
        )
    return data


@transaction.atomic
def decision_create(
    *,
    by: Actor,
    on: date | None = None,
    source_type: str = "",
    source_id: str = "",
    **values: Any,
) -> DecisionRecord:
    """A draft decision record, numbered in the financial year of `on` (today by default)."""
    require(by, "decision.draft")
    return _create(by=by, on=on, source_type=source_type, source_id=source_id, **values)


def _create(
    *, by: Actor, on: date | None = None, source_type: str = "", source_id: str = "", **values: Any
) -> DecisionRecord:
    if not isinstance(by, User):
        # The table lets no system actor draft; a record always names the person who drafted it.
        raise DomainError("A decision record is drafted by a person")
    data = _clean(values)
    year = years.start_year_of(on or timezone.localdate())
    number = reference_next(REFERENCE_SCOPE, year)
    record = DecisionRecord.objects.create(
        reference=reference_format(year, number),
        year=year,
        number=number,
        source_type=source_type,
        source_id=source_id,
        created_by=by,
        **data,
    )
    audit_record(by=by, action="draft", instance=record, after=snapshot(record))
    return record


def _locked(record: DecisionRecord) -> DecisionRecord:
    return DecisionRecord.objects.select_for_update().get(pk=record.pk)


@transaction.atomic
def decision_update(*, by: Actor, record: DecisionRecord, **values: Any) -> DecisionRecord:
    """Change a draft. Once approved, a decision record is what was decided and is not edited."""
    record = _locked(record)
    require(by, "decision.draft", record)
    if record.status != DecisionStatus.DRAFT:
        raise DomainError(
            f"Decision {record.reference} is {STATE_IN_WORDS[record.status]}: only a draft can be changed"
        )
    data = _clean(values)
    before = snapshot(record)
    for name, value in data.items():
        setattr(record, name, value)
    if snapshot(record) == before:
        return record
    record.save()
    audit_record(by=by, action="update", instance=record, before=before, after=snapshot(record))
    return record


def _refuse_unless_movable(record: DecisionRecord, to: str) -> None:
    """Refuse at once a move the workflow does not allow from where the record is, naming the record, before
    the delegated limit is asked (so an approved record is not sent to someone with a larger limit)."""
    if to not in workflow_for(record).targets(record.status):
        raise InvalidTransition(f"Decision {record.reference} {refusal_words(record.status, to)}")


@transaction.atomic
def decision_approve(*, by: Actor, record: DecisionRecord, decided_on: date | None = None) -> DecisionRecord:
    """The decision-maker approves the record: their delegated limit on the date of the decision must cover its
    amount (a decision without an amount needs some delegated authority)."""
    record = _locked(record)
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise DomainError("The date of the decision must be today or in the past", field="decided_on")
    _refuse_unless_movable(record, DecisionStatus.APPROVED)
    allowed, reason = may_decide(by, record.amount or Decimal(0), on=decided_on)
    if not allowed:
        raise DomainError(reason)
    record = transition(
        by=by,
        record=record,
        to=DecisionStatus.APPROVED,
        changes={"decision_maker": by, "decided_on": decided_on},
    )
    hooks.decision_approved(record, by)
    return record


@transaction.atomic
def decision_return(*, by: Actor, record: DecisionRecord, reason: str) -> DecisionRecord:
    """The decision-maker sends a draft back without a decision, saying why (kept in its history). The record it
    was about is told through the hooks, in this transaction; a record returned is not approved later."""
    record = _locked(record)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the decision is returned without a decision", field="reason")
    _refuse_unless_movable(record, DecisionStatus.RETURNED)
    require(by, "decision.approve", record)
    if not delegated_limit(by).has_authority:
        raise DomainError("You have no delegated authority, so you cannot return a decision record")
    record = transition(by=by, record=record, to=DecisionStatus.RETURNED, reason=reason)
    hooks.decision_returned(record, by, reason)
    return record


@transaction.atomic
def decision_publish(*, by: Actor, record: DecisionRecord) -> DecisionRecord:
    """Publish an approved record on the public site (its public part only)."""
    record = _locked(record)
    _refuse_unless_movable(record, DecisionStatus.PUBLISHED)
    return transition(
        by=by, record=record, to=DecisionStatus.PUBLISHED, changes={"published_at": timezone.now()}
    )


@transaction.atomic
def decision_draft_for_approval(
    *,
    by: Actor,
    source_type: str,
    source_id: str,
    amount: Decimal,
    title: str,
    summary: str,
    decision: str,
    financial_implications: str = "",
    background: str = "",
) -> DecisionRecord | None:
    """The hook for approvals of money: above the body's decision record threshold, a draft decision record linked
    to what was approved (one per approved record); nothing at or below it. Runs in the approval's transaction."""
    threshold = commissioning_body().decision_record_threshold
    if Decimal(amount) <= threshold:
        return None
    return decision_draft_for(
        by=by,
        source_type=source_type,
        source_id=source_id,
        title=title,
        summary=summary,
        background=background,
        financial_implications=financial_implications
        or f"{pounds(amount)}, above the decision record threshold of {pounds(threshold)}.",
        amount=amount,
        decision=decision,
    )


@transaction.atomic
def decision_draft_for(
    *,
    by: Actor,
    source_type: str,
    source_id: str,
    amount: Decimal | None,
    title: str,
    summary: str,
    decision: str,
    **values: Any,
) -> DecisionRecord:
    """The draft decision record of a decision taken in another app's service (an approval of money above the
    threshold, a decommissioning whatever its amount), linked to what it decides: one per source, so asking
    again gives the same record. `values` are the other draft fields (background, confidentiality, …)."""
    existing = DecisionRecord.objects.filter(source_type=source_type, source_id=source_id).first()
    if existing is not None:
        return existing
    require(by, "decision.record_approval")
    values.setdefault("confidentiality", Confidentiality.PUBLIC)
    return _create(
        by=by,
        source_type=source_type,
        source_id=source_id,
        title=title[:250],
        summary=summary or title,
        amount=amount,
        decision=decision,
        **values,
    )


# A variation made as part of a decision that has its own record (a decommissioning that reduces an agreement)
# drafts no second record: the variation's decision is that record.
_DECIDED_BY: ContextVar[DecisionRecord | None] = ContextVar("variation_decided_by", default=None)


@contextmanager
def variations_decided_by(record: DecisionRecord) -> Iterator[DecisionRecord]:
    """Within the block, a variation of value is decided by `record` instead of drafting its own."""
    token = _DECIDED_BY.set(record)
    try:
        yield record
    finally:
        _DECIDED_BY.reset(token)


VARIATION_SOURCE = "agreements.variation"


def decision_draft_for_variation(*, agreement: Any, variation: Any, by: Actor) -> DecisionRecord | None:
    """A variation of an agreement's value is a decision on the new total: above the body's threshold, the draft
    decision record of it (registered with the hub's `on_value_varied`, so it runs in the variation's
    transaction)."""
    decided_by = _DECIDED_BY.get()
    if decided_by is not None:
        return decided_by
    old, new = Decimal(variation.before["value"]), Decimal(variation.after["value"])
    change = "increase" if new > old else "reduce"
    return decision_draft_for_approval(
        by=by,
        source_type=VARIATION_SOURCE,
        source_id=str(variation.pk),
        amount=new,
        title=f"Variation {variation.number} of {agreement.reference}: {agreement.title}",
        summary=variation.reason,
        decision=f"To {change} the value of agreement {agreement.reference} with {agreement.organisation.name} "
        f"from {pounds(old)} to {pounds(new)}.",
    )
