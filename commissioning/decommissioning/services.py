"""Writes for decommissioning: starting a proposal from an agreement, writing its parts, recording the provider's
response, proposing it (it cites the latest monitoring report on record, or cannot go forward), withdrawing,
refusing and deciding it.

A decision is taken by someone whose delegated limit covers the agreement's remaining value (what it has still to
pay), through a decision record drafted, approved and published in the same transaction. Deciding to end the
agreement brings its end forward to the notice's end date through the hub (`agreement_end_on`: the later years'
money released) and stops its monitoring after that date; the agreement ends when the date has passed
(`decommissionings_end_due`, run daily). Deciding to reduce it is a variation of value (`variation_make`) decided
by the same record. Every move goes through the workflow primitive with its reason (workflows.py).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import may, require
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.services import agreement_end, agreement_end_on, variation_make
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import SCHEDULER, Actor, person_or_none
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.core.formats import govuk_date
from commissioning.core.money import amount_of_money, pounds
from commissioning.core.services import reference_next
from commissioning.core.uploads import CheckedUpload
from commissioning.decisions.models import Confidentiality
from commissioning.decisions.services import (
    decision_approve,
    decision_draft_for,
    decision_publish,
    variations_decided_by,
)
from commissioning.governance.selectors import may_decide
from commissioning.monitoring.services.plans import returns_stop_after

from .models import Decommissioning, DecommissioningStatus, Kind, Reason
from .selectors import (
    NO_REPORT,
    SOURCE_TYPE,
    latest_report,
    missing_parts,
    notice_problem,
    open_decommissioning_of,
    remaining_value,
)

S = DecommissioningStatus
REFERENCE_SCOPE = "decommissioning"

# The parts of a proposal, each written on its own page: the fields each holds.
PARTS: dict[str, tuple[str, ...]] = {
    "reason": ("kind", "reason", "reason_detail", "new_value"),
    "impact": ("service_user_impact", "equality_impact", "equality_document"),
    "transition": ("people_supported", "transition_plan", "assets", "data_handling"),
    "notice": ("notice_on", "ends_on"),
}


def _locked(decommissioning: Decommissioning) -> Decommissioning:
    return Decommissioning.objects.select_for_update().select_related("agreement").get(pk=decommissioning.pk)


def _text(value: Any) -> str:
    return (value or "").strip()


def _reason_of(reason: str, *, what: str) -> str:
    reason = _text(reason)
    if not reason:
        raise DomainError(f"Enter why the decommissioning is {what}", field="reason")
    return reason


def _refuse_unless_open(d: Decommissioning) -> None:
    if not d.is_open:
        raise InvalidTransition(
            f"This decommissioning is {S(d.status).label.lower()}, so it can no longer be changed"
        )


def _check_reason_part(d: Decommissioning) -> None:
    if d.kind not in Kind.values:
        raise DomainError("Select whether the agreement ends or is reduced", field="kind")
    if d.reason not in Reason.values:
        raise DomainError("Select the reason for decommissioning", field="reason")
    if d.kind == Kind.REDUCE:
        if d.new_value is None:
            raise DomainError("Enter the agreement's new value", field="new_value")
        if d.new_value >= d.agreement.value:
            raise DomainError(
                f"The new value must be less than the agreement's value, {pounds(d.agreement.value)}",
                field="new_value",
            )
    else:
        d.new_value = None


@transaction.atomic
def decommissioning_start(
    *,
    by: Actor,
    agreement: Agreement,
    kind: str,
    reason: str,
    reason_detail: str = "",
    new_value: Any = None,
) -> Decommissioning:
    """A draft proposal to end or reduce an active agreement, for one of the strategy's four reasons. An agreement
    has at most one open proposal at a time."""
    require(by, "decommissioning.propose")
    person = person_or_none(by)
    if person is None:
        raise DomainError("A decommissioning is proposed by a person")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise DomainError(
            f"Agreement {agreement.reference} is {AgreementStatus(agreement.status).label.lower()}: only an active "
            "agreement can be decommissioned"
        )
    existing = open_decommissioning_of(agreement.pk)
    if existing is not None:
        raise DomainError(
            f"Agreement {agreement.reference} already has an open decommissioning, {existing.reference}"
        )
    d = Decommissioning(
        agreement=agreement,
        kind=kind,
        reason=reason,
        reason_detail=_text(reason_detail),
        new_value=_value(new_value),
        created_by=person,  # type: ignore[misc]
    )
    _check_reason_part(d)
    year = timezone.localdate().year
    d.reference = f"DECOM-{year}-{reference_next(REFERENCE_SCOPE, year):04d}"
    d.save()
    audit_record(by=by, action="create", instance=d, after=snapshot(d))
    return d


def _attach(d: Decommissioning, document: CheckedUpload) -> None:
    """The equality impact assessment as a document, already checked by `core.uploads.check_upload`."""
    d.equality_document.save(document.stored_name, document.file, save=False)
    d.equality_document_name = document.original_name
    d.equality_document_type = document.content_type


def _value(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = amount_of_money(value, what="The new value", field="new_value")
    if amount < 0:
        raise DomainError("The new value must be £0 or more", field="new_value")
    return amount


@transaction.atomic
def decommissioning_update(
    *, by: Actor, decommissioning: Decommissioning, part: str, **values: Any
) -> Decommissioning:
    """Write one part of an open proposal (PARTS: the reason, the impact, the transition plan, the notice). The
    notice is checked against the minimum in effect on the day notice is given."""
    d = _locked(decommissioning)
    require(by, "decommissioning.propose", d)
    _refuse_unless_open(d)
    if part not in PARTS:
        raise KeyError(part)
    before = snapshot(d)
    for name in PARTS[part]:
        if name not in values:
            continue
        value = values[name]
        if name == "equality_document":
            if value is not None:
                _attach(d, value)
            continue
        if name == "new_value":
            value = _value(value)
        elif name == "people_supported":
            if value is not None and value != "" and int(value) < 0:
                raise DomainError("The number of people supported must be 0 or more", field=name)
            value = None if value in (None, "") else int(value)
        elif name in ("notice_on", "ends_on"):
            if value is not None and not isinstance(value, date):
                raise DomainError("Enter a real date", field=name)
        else:
            value = _text(value)
        setattr(d, name, value)
    if part == "reason":
        _check_reason_part(d)
    if part == "notice":
        message, field = notice_problem(d)
        if message:
            raise DomainError(message, field=field)
    if snapshot(d) == before:
        return d
    d.save()
    audit_record(by=by, action="update", instance=d, before=before, after=snapshot(d))
    decommissioning.__dict__.update(d.__dict__)
    return d


@transaction.atomic
def decommissioning_response_record(
    *, by: Actor, decommissioning: Decommissioning, response: str, responded_on: date | None = None
) -> Decommissioning:
    """The provider's response to the proposal: recorded by an officer after the provider was told, or given by
    the provider itself for its own agreement (`decommissioning.respond`)."""
    d = _locked(decommissioning)
    if may(by, "decommissioning.propose", d):
        _refuse_unless_open(d)
    else:
        require(by, "decommissioning.respond", d)
        if d.status != S.PROPOSED:
            raise DomainError("You can respond once the decommissioning has been proposed to you")
    response = _text(response)
    if not response:
        raise DomainError("Enter the provider's response", field="response")
    today = timezone.localdate()
    responded_on = responded_on or today
    if responded_on > today:
        raise DomainError("The date of the response must be today or in the past", field="responded_on")
    before = snapshot(d)
    d.provider_response, d.provider_response_on = response, responded_on
    d.provider_response_by = person_or_none(by)  # type: ignore[assignment]
    d.save(update_fields=["provider_response", "provider_response_on", "provider_response_by"])
    audit_record(by=by, action="respond", instance=d, before=before, after=snapshot(d))
    return d


@transaction.atomic
def decommissioning_propose(
    *, by: Actor, decommissioning: Decommissioning, reason: str = ""
) -> Decommissioning:
    """Put a complete draft forward for decision. It cites the latest monitoring report on record for the
    agreement, and cannot go forward without one."""
    d = _locked(decommissioning)
    report = latest_report(d.agreement_id)
    if report is None and d.status == S.DRAFT:
        raise DomainError(NO_REPORT.format(agreement=d.agreement.reference))
    missing = missing_parts(d) if d.status == S.DRAFT else []
    if missing:
        raise DomainError(missing[0])
    transition(
        by=by,
        record=d,
        to=S.PROPOSED,
        reason=_text(reason) or "Proposed for decision",
        changes={"cited_return": report, "cited_at": timezone.now()},
    )
    decommissioning.__dict__.update(d.__dict__)
    return d


@transaction.atomic
def decommissioning_withdraw(*, by: Actor, decommissioning: Decommissioning, reason: str) -> Decommissioning:
    reason = _reason_of(reason, what="withdrawn")
    d = _locked(decommissioning)
    transition(by=by, record=d, to=S.WITHDRAWN, reason=reason)
    decommissioning.__dict__.update(d.__dict__)
    return d


@transaction.atomic
def decommissioning_refuse(*, by: Actor, decommissioning: Decommissioning, reason: str) -> Decommissioning:
    """The decision-maker declines the proposal: the agreement goes on as it was."""
    reason = _reason_of(reason, what="refused")
    d = _locked(decommissioning)
    transition(by=by, record=d, to=S.REFUSED, reason=reason)
    decommissioning.__dict__.update(d.__dict__)
    return d


def _decision_words(d: Decommissioning, remaining: Decimal) -> dict[str, str]:
    agreement = d.agreement
    assert d.notice_on is not None and d.ends_on is not None
    report = d.cited_return
    cited = (
        f"The latest monitoring report on record, return {report.number} for {govuk_date(report.period_start)} "
        f"to {govuk_date(report.period_end)}"
        + (f", rated {report.get_rating_display().lower()}" if report.rating else "")
        + ", was considered."
        if report is not None
        else ""
    )
    if d.kind == Kind.REDUCE:
        assert d.new_value is not None
        decision = (
            f"To reduce the value of agreement {agreement.reference} with {agreement.organisation.name} from "
            f"{pounds(agreement.value)} to {pounds(d.new_value)}, with notice given on {govuk_date(d.notice_on)}."
        )
    else:
        decision = (
            f"To end agreement {agreement.reference} with {agreement.organisation.name} on "
            f"{govuk_date(d.ends_on)}, with notice given on {govuk_date(d.notice_on)}."
        )
    return {
        "title": f"Decommissioning {d.reference}: {agreement.title}",
        "summary": f"{Reason(d.reason).label}. {d.reason_detail}".strip(),
        "background": "\n\n".join(
            part
            for part in (
                cited,
                f"Impact on service users: {d.service_user_impact}",
                f"Equality impact assessment: {d.equality_impact}",
                f"Transition: {d.people_supported} people supported now. {d.transition_plan}",
                f"The provider's response: {d.provider_response}",
            )
            if part
        ),
        "financial_implications": f"The agreement has {pounds(remaining)} still to pay; the money committed "
        "for after the end is released.",
        "decision": decision,
    }


@transaction.atomic
def decommissioning_decide(
    *,
    by: Actor,
    decommissioning: Decommissioning,
    reason: str = "",
    confidentiality: str = Confidentiality.PUBLIC,
    exemption: str = "",
    exempt_part: str = "",
) -> Decommissioning:
    """Decide a proposal: the person's delegated limit must cover the agreement's remaining value. The citation is
    refreshed if a newer monitoring report arrived since the proposal. The decision record is drafted, approved by
    this person and published (its exempt part withheld); then the agreement's end is brought forward to the end
    date (the later years' money released, monitoring stopped after it), or its value reduced."""
    d = _locked(decommissioning)
    if d.status != S.PROPOSED:
        raise InvalidTransition(
            f"This decommissioning is {S(d.status).label.lower()}, so it cannot be decided"
        )
    require(by, "decommissioning.decide", d)
    today = timezone.localdate()
    remaining = remaining_value(d.agreement_id)
    allowed, why = may_decide(by, remaining, on=today)
    if not allowed:
        raise DomainError(why)
    response_missing = (
        "" if d.provider_response.strip() else "Record the provider's response before the decision"
    )
    if response_missing:
        raise DomainError(response_missing)
    message, field = notice_problem(d)
    if message:
        raise DomainError(message, field=field)
    assert d.ends_on is not None
    if d.ends_on < today:
        raise DomainError(
            f"The end date, {govuk_date(d.ends_on)}, has passed: give notice again with a later end date",
            field="ends_on",
        )
    latest = latest_report(d.agreement_id)
    if latest is not None and latest.pk != d.cited_return_id:
        before = snapshot(d)
        d.cited_return, d.cited_at = latest, timezone.now()
        d.save(update_fields=["cited_return", "cited_at"])
        audit_record(by=by, action="cite", instance=d, before=before, after=snapshot(d))
    record = decision_draft_for(
        by=by,
        source_type=SOURCE_TYPE,
        source_id=str(d.pk),
        amount=remaining,
        confidentiality=confidentiality,
        exemption=exemption,
        exempt_part=exempt_part,
        **_decision_words(d, remaining),
    )
    decision_approve(by=by, record=record, decided_on=today)
    decision_publish(by=by, record=record)
    agreement = d.agreement
    words = f"Decommissioning {d.reference} (decision {record.reference}): {Reason(d.reason).label.lower()}"
    if d.kind == Kind.REDUCE:
        assert d.new_value is not None
        with variations_decided_by(record):
            variation_make(by=by, agreement=agreement, reason=words, value=d.new_value)
    elif d.ends_on < agreement.ends_on:
        agreement_end_on(by=by, agreement=agreement, ends_on=d.ends_on, reason=words)
        returns_stop_after(by=by, agreement=agreement, ends_on=d.ends_on)
    # Ending on the agreement's own end date brings nothing forward: it is not renewed, and ends when the date comes.
    transition(
        by=by,
        record=d,
        to=S.DECIDED,
        reason=_text(reason) or f"Decided: decision {record.reference}",
        changes={"decision_record": record, "decided_by": person_or_none(by), "decided_on": today},
    )
    decommissioning.__dict__.update(d.__dict__)
    return d


@transaction.atomic
def decommissionings_end_due(*, by: Actor = SCHEDULER, on: date | None = None) -> list[Agreement]:
    """End the agreements decided to end whose end date has passed (run daily; safe to run twice): each ends as
    having run its course to the notice's end, its money for the days before the end kept to pay what is due."""
    on = on or timezone.localdate()
    ended = []
    due = Decommissioning.objects.filter(
        status=S.DECIDED,
        kind=Kind.END,
        agreement__status=AgreementStatus.ACTIVE,
        agreement__ends_on__lt=on,
    ).select_related("agreement", "decision_record")
    for d in due:
        reference = d.decision_record.reference if d.decision_record else ""
        ended.append(
            agreement_end(
                by=by,
                agreement=d.agreement,
                reason=f"Decommissioned ({d.reference}, decision {reference}): the notice ended on "
                f"{govuk_date(d.agreement.ends_on)}",
            )
        )
    return ended
