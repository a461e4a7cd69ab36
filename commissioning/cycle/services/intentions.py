"""Writes for a financial year's commissioning intentions: start a year, change its summary and its items while it
is a draft, submit it for decision (which drafts its decision record), and publish it once approved.

The intentions are approved, or go back to draft, only as their decision record is approved or returned: the
decision services call back through `decisions/hooks.py` (registered in `cycle/apps.py`), inside the decision's
transaction. Every move is on the workflow primitive (cycle/workflows.py)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.agreements.models import Mechanism
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.money import amount_of_money, pounds
from commissioning.decisions.models import DecisionRecord, DecisionStatus
from commissioning.decisions.services import decision_create, decision_publish
from commissioning.finance import years
from commissioning.finance.services import financial_year
from commissioning.plans.models import Priority

from ..models import CommissioningIntentions, Intention, IntentionsStatus
from ..selectors.intentions import submit_problem

S = IntentionsStatus
# How a decision record names the intentions it decides (decisions/selectors.py links it back).
INTENTIONS_SOURCE = "cycle.commissioningintentions"
ITEM_REQUIRED = {
    "title": "Enter the title of the project",
    "description": "Enter a description of the project",
}


def _locked(intentions: CommissioningIntentions) -> CommissioningIntentions:
    return (
        CommissioningIntentions.objects.select_for_update()
        .select_related("financial_year")
        .get(pk=intentions.pk)
    )


def _refuse_unless_draft(intentions: CommissioningIntentions) -> None:
    if intentions.status != S.DRAFT:
        raise DomainError(
            f"The commissioning intentions for {intentions.financial_year.label} are "
            f"{S(intentions.status).label.lower()}, so they cannot be changed"
        )


@transaction.atomic
def intentions_start(*, by: Actor, start_year: int, summary: str = "") -> CommissioningIntentions:
    """A draft of a financial year's commissioning intentions; one set a year."""
    require(by, "intentions.write")
    if not years.FIRST_START_YEAR <= start_year <= years.LAST_START_YEAR:
        raise DomainError("Select a financial year", field="start_year")
    year = financial_year(start_year)
    if CommissioningIntentions.objects.filter(financial_year=year).exists():
        raise DomainError(f"There are already commissioning intentions for {year.label}", field="start_year")
    intentions = CommissioningIntentions.objects.create(
        financial_year=year, summary=(summary or "").strip(), created_by_id=acting_person_id(by)
    )
    audit_record(by=by, action="start", instance=intentions, after=snapshot(intentions))
    return intentions


@transaction.atomic
def intentions_update(
    *, by: Actor, intentions: CommissioningIntentions, summary: str
) -> CommissioningIntentions:
    intentions = _locked(intentions)
    require(by, "intentions.write", intentions)
    _refuse_unless_draft(intentions)
    before = snapshot(intentions)
    intentions.summary = (summary or "").strip()
    intentions.save(update_fields=["summary"])
    audit_record(by=by, action="update", instance=intentions, before=before, after=snapshot(intentions))
    return intentions


def _item_values(
    intentions: CommissioningIntentions, values: dict[str, Any]
) -> tuple[dict[str, Any], list[Priority]]:
    """An item's values checked: what is required, its money, that it starts in the year, a known mechanism."""
    data = {name: (values.get(name) or "").strip() for name in ("title", "description", "mechanism")}
    for name, message in ITEM_REQUIRED.items():
        if not data[name]:
            raise DomainError(message, field=name)
    if len(data["title"]) > 200:
        raise DomainError("The title must be 200 characters or fewer", field="title")
    if data["mechanism"] and data["mechanism"] not in Mechanism.values:
        raise DomainError("Select the likely mechanism from the list", field="mechanism")
    value = values.get("indicative_value")
    if value is None or value == "":
        raise DomainError("Enter the indicative value", field="indicative_value")
    value = amount_of_money(value, what="The indicative value", field="indicative_value")
    if value <= 0:
        raise DomainError("The indicative value must be more than £0", field="indicative_value")
    data["indicative_value"] = value
    starts_on = values.get("starts_on")
    if not isinstance(starts_on, date):
        raise DomainError("Enter the expected start", field="starts_on")
    start_year = intentions.financial_year.start_year
    if years.start_year_of(starts_on) != start_year:
        raise DomainError(
            f"The expected start must be in {years.label_of(start_year)}, between "
            f"{years.starts_on(start_year):%-d %B %Y} and {years.ends_on(start_year):%-d %B %Y}",
            field="starts_on",
        )
    data["starts_on"] = starts_on
    ids = {int(pk) for pk in values.get("priority_ids") or ()}
    priorities = list(Priority.objects.filter(pk__in=ids))
    if not priorities or len(priorities) != len(ids):
        raise DomainError("Select at least one priority the project is for", field="priorities")
    return data, priorities


def _item_record(item: Intention, priorities: Iterable[Priority]) -> dict[str, Any]:
    return {**snapshot(item), "priorities": sorted(priority.pk for priority in priorities)}


@transaction.atomic
def intention_add(*, by: Actor, intentions: CommissioningIntentions, **values: Any) -> Intention:
    """Add a project the body plans to start: `title`, `description`, `priority_ids`, `indicative_value`,
    `starts_on` and `mechanism` (may be "")."""
    intentions = _locked(intentions)
    require(by, "intentions.write", intentions)
    _refuse_unless_draft(intentions)
    data, priorities = _item_values(intentions, values)
    last = intentions.items.aggregate(last=Max("position"))["last"]
    item = Intention.objects.create(intentions=intentions, position=(last or 0) + 1, **data)
    item.priorities.set(priorities)
    audit_record(by=by, action="add intention", instance=intentions, after=_item_record(item, priorities))
    return item


@transaction.atomic
def intention_update(*, by: Actor, item: Intention, **values: Any) -> Intention:
    intentions = _locked(item.intentions)
    require(by, "intentions.write", intentions)
    _refuse_unless_draft(intentions)
    item = Intention.objects.get(pk=item.pk, intentions=intentions)
    before = _item_record(item, item.priorities.all())
    data, priorities = _item_values(intentions, values)
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    item.priorities.set(priorities)
    audit_record(
        by=by,
        action="change intention",
        instance=intentions,
        before=before,
        after=_item_record(item, priorities),
    )
    return item


@transaction.atomic
def intention_remove(*, by: Actor, item: Intention) -> None:
    intentions = _locked(item.intentions)
    require(by, "intentions.write", intentions)
    _refuse_unless_draft(intentions)
    item = Intention.objects.get(pk=item.pk, intentions=intentions)
    before = _item_record(item, item.priorities.all())
    item.delete()
    audit_record(by=by, action="remove intention", instance=intentions, before=before, after=None)


def _decision_background(intentions: CommissioningIntentions, items: list[Intention]) -> str:
    return "\n".join(
        f"{number}. {item.title}: {pounds(item.indicative_value)}, from {item.starts_on:%B %Y}"
        for number, item in enumerate(items, start=1)
    )


@transaction.atomic
def intentions_submit(*, by: Actor, intentions: CommissioningIntentions) -> CommissioningIntentions:
    """Submit the draft for decision: its decision record is drafted (linked back to it), and it waits for the
    record to be approved or returned."""
    intentions = _locked(intentions)
    require(by, "intentions.submit", intentions)
    _refuse_unless_draft(intentions)
    problem = submit_problem(intentions)
    if problem:
        raise DomainError(problem)
    items = list(intentions.items.order_by("position", "starts_on", "title"))
    total = intentions.items.aggregate(total=Sum("indicative_value"))["total"] or Decimal(0)
    label = intentions.financial_year.label
    record = decision_create(
        by=by,
        source_type=INTENTIONS_SOURCE,
        source_id=str(intentions.pk),
        title=f"Commissioning intentions for {label}",
        summary=intentions.summary,
        background=_decision_background(intentions, items),
        financial_implications=f"An indicative {pounds(total)} across {len(items)} "
        f"project{'s' if len(items) != 1 else ''}. Indicative values commit no money: each project's money "
        "is decided when it is committed.",
        amount=None,
        decision=f"To approve the commissioning intentions for {label} and publish them.",
        confidentiality="public",
    )
    return transition(by=by, record=intentions, to=S.AWAITING_DECISION, changes={"decision": record})


@transaction.atomic
def intentions_publish(*, by: Actor, intentions: CommissioningIntentions) -> CommissioningIntentions:
    """Publish approved intentions on the public site, with their decision record (published too, if it is not
    yet), so the public page links to the decision."""
    intentions = _locked(intentions)
    record = intentions.decision
    intentions = transition(
        by=by, record=intentions, to=S.PUBLISHED, changes={"published_at": timezone.now()}
    )
    if record is not None and record.status == DecisionStatus.APPROVED:
        decision_publish(by=by, record=record)
    return intentions


def _deciding(record: DecisionRecord) -> CommissioningIntentions | None:
    """The intentions waiting on this decision record, or None when the record is about something else."""
    if record.source_type != INTENTIONS_SOURCE:
        return None
    return (
        CommissioningIntentions.objects.select_related("financial_year")
        .filter(pk=record.source_id, decision=record, status=S.AWAITING_DECISION)
        .first()
    )


def intentions_on_decision_approved(*, record: DecisionRecord, by: Actor, reason: str = "") -> None:
    """Registered with decisions' `on_decision_approved`: the intentions the record decides are approved."""
    intentions = _deciding(record)
    if intentions is not None:
        transition(by=by, record=intentions, to=S.APPROVED, reason=f"Decision {record.reference} approved")


def intentions_on_decision_returned(*, record: DecisionRecord, by: Actor, reason: str = "") -> None:
    """Registered with decisions' `on_decision_returned`: the intentions go back to draft, with the reason."""
    intentions = _deciding(record)
    if intentions is not None:
        transition(by=by, record=intentions, to=S.DRAFT, reason=reason, verb="return to draft")
