"""Providers' returns: answers saved as they go, then submitted once every required question is answered.

The return keeps the form it was scheduled with (`form_definition`) beside the answers, so the questions shown
with an answer are always the ones that were asked. Indicator values are rows (IndicatorValue) so boards can sum
them; spend to date is a column for the same reason; every other answer is kept in `answers` by question key.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id, person_id
from commissioning.core.errors import DomainError
from commissioning.core.uploads import check_upload
from commissioning.monitoring.defaults import SPEND_KEY
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringReturn,
    ReturnEvidence,
    ReturnStatus,
)

# Statuses in which the provider may still change the answers.
EDITABLE_STATUSES = (ReturnStatus.DUE, ReturnStatus.DRAFT, ReturnStatus.CHANGES_REQUESTED)

# Question types answered somewhere other than `answers` (and the spend to date, in its own column: SPEND_KEY).
NOT_IN_ANSWERS = ("indicators", "files")


def questions_of(monitoring_return: MonitoringReturn) -> list[dict[str, Any]]:
    """Every question of the return's own form, in order."""
    sections = (monitoring_return.form_definition or {}).get("sections", [])
    return [q for section in sections for q in section.get("questions", [])]


def _locked(monitoring_return: MonitoringReturn) -> MonitoringReturn:
    return (
        MonitoringReturn.objects.select_for_update()
        .select_related("plan__agreement")
        .get(pk=monitoring_return.pk)
    )


def _indicator_values(monitoring_return: MonitoringReturn) -> dict[int, Decimal]:
    return {v.indicator_id: v.value for v in monitoring_return.indicator_values.all()}


@transaction.atomic
def return_answers_save(
    *,
    by: Actor,
    monitoring_return: MonitoringReturn,
    answers: dict[str, Any],
    indicator_values: dict[int, Decimal | None],
    spend_to_date: Decimal | None,
) -> MonitoringReturn:
    """Keep the provider's answers so far. Unanswered questions may stay empty until the return is submitted.
    The first answers saved move the return from due to draft."""
    monitoring_return = _locked(monitoring_return)
    require(by, "return.submit", monitoring_return)
    if monitoring_return.status not in EDITABLE_STATUSES:
        raise DomainError("This return has been submitted, so its answers cannot change")
    known = {q["key"] for q in questions_of(monitoring_return) if q.get("type") not in NOT_IN_ANSWERS}
    known.discard(SPEND_KEY)
    unknown = set(answers) - known
    if unknown:
        raise DomainError("Answer only the questions on this return's form")
    indicators = {i.pk: i for i in monitoring_return.plan.indicators.all()}
    if set(indicator_values) - set(indicators):
        raise DomainError("Give values only for this agreement's indicators", field="indicators")

    if monitoring_return.status == ReturnStatus.DUE:
        transition(by=by, record=monitoring_return, to=ReturnStatus.DRAFT)
    before = {**snapshot(monitoring_return), "indicator_values": _plain(_indicator_values(monitoring_return))}
    monitoring_return.answers = {k: v for k, v in answers.items() if v not in (None, "")}
    monitoring_return.spend_to_date = spend_to_date
    for indicator_id, value in indicator_values.items():
        if value is None:
            IndicatorValue.objects.filter(
                monitoring_return=monitoring_return, indicator_id=indicator_id
            ).delete()
        else:
            IndicatorValue.objects.update_or_create(
                monitoring_return=monitoring_return, indicator_id=indicator_id, defaults={"value": value}
            )
    monitoring_return.save(update_fields=["answers", "spend_to_date"])
    after = {**snapshot(monitoring_return), "indicator_values": _plain(_indicator_values(monitoring_return))}
    if after != before:
        audit_record(by=by, action="update", instance=monitoring_return, before=before, after=after)
    return monitoring_return


def _plain(values: dict[int, Decimal]) -> dict[str, str]:
    return {str(k): str(v) for k, v in sorted(values.items())}


def return_missing(monitoring_return: MonitoringReturn) -> list[str]:
    """What is still needed before the return can be submitted, in words for the provider."""
    missing = []
    reported = {v.indicator_id for v in monitoring_return.indicator_values.all()}
    for question in questions_of(monitoring_return):
        kind = question.get("type")
        if kind == "indicators":
            for indicator in monitoring_return.plan.indicators.all():
                if indicator.pk not in reported:
                    missing.append(f"Enter the value for {indicator.name}")
            continue
        if not question.get("required") or kind == "files":
            continue
        if question["key"] == SPEND_KEY:
            if monitoring_return.spend_to_date is None:
                missing.append("Enter how much you have spent to date")
        elif monitoring_return.answers.get(question["key"]) in (None, ""):
            missing.append(f"Answer “{question['label']}”")
    return missing


@transaction.atomic
def return_submit(*, by: Actor, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    """Send the return to the office for review, once every required question is answered."""
    monitoring_return = _locked(monitoring_return)
    require(by, "return.submit", monitoring_return)
    missing = return_missing(monitoring_return)
    if missing and monitoring_return.status in EDITABLE_STATUSES:
        raise DomainError(missing[0])
    return transition(
        by=by,
        record=monitoring_return,
        to=ReturnStatus.SUBMITTED,
        changes={"submitted_at": timezone.now(), "submitted_by_id": person_id(by)},
    )


@transaction.atomic
def return_evidence_add(*, by: Actor, monitoring_return: MonitoringReturn, upload: Any) -> ReturnEvidence:
    """Keep an evidence file with a return the provider is still answering; the file is checked by its content."""
    monitoring_return = _locked(monitoring_return)
    require(by, "return.submit", monitoring_return)
    if monitoring_return.status not in EDITABLE_STATUSES:
        raise DomainError("This return has been submitted, so evidence cannot be added", field="upload")
    checked = check_upload(upload)
    evidence = ReturnEvidence(
        monitoring_return=monitoring_return,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by_id=acting_person_id(by),
    )
    evidence.file.save(checked.stored_name, checked.file, save=False)
    evidence.save()
    audit_record(
        by=by,
        action="add evidence",
        instance=monitoring_return,
        before={"evidence": None},
        after={
            "evidence": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
        },
    )
    return evidence
