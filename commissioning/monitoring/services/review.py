"""The office's review of a submitted return: a red, amber or green rating with reasons, or a request for changes.

A red rating opens a remedial action plan in the same transaction (actions, owners and dates), so a red is never
on record without one; the plan closes itself when its last action is done.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id, person_id
from commissioning.core.errors import DomainError
from commissioning.monitoring.models import (
    MonitoringReturn,
    Rating,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)


@dataclass(frozen=True)
class ActionSpec:
    action: str
    owner: str
    due_on: date


def _locked(monitoring_return: MonitoringReturn) -> MonitoringReturn:
    return (
        MonitoringReturn.objects.select_for_update()
        .select_related("plan__agreement")
        .get(pk=monitoring_return.pk)
    )


def _require_submitted(monitoring_return: MonitoringReturn) -> None:
    if monitoring_return.status != ReturnStatus.SUBMITTED:
        raise DomainError("Only a submitted return can be reviewed")


@transaction.atomic
def return_rate(
    *,
    by: Actor,
    monitoring_return: MonitoringReturn,
    rating: str,
    reasons: str,
    remedial_summary: str = "",
    actions: list[ActionSpec] | None = None,
) -> MonitoringReturn:
    """Rate a submitted return. A red rating needs at least one remedial action, each with an owner and a date."""
    monitoring_return = _locked(monitoring_return)
    require(by, "monitoring.manage", monitoring_return)
    _require_submitted(monitoring_return)
    if rating not in Rating.values:
        raise DomainError("Select a rating: red, amber or green", field="rating")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Enter the reasons for the rating", field="reasons")
    actions = actions or []
    if rating != Rating.RED and actions:
        raise DomainError("A remedial action plan is only for a red rating", field="actions")
    if rating == Rating.RED:
        if not actions:
            raise DomainError(
                "A red rating needs a remedial action plan: enter at least one action", field="actions"
            )
        for spec in actions:
            if not spec.action.strip() or not spec.owner.strip():
                raise DomainError("Enter what will be done and who owns it for each action", field="actions")
            if spec.due_on < timezone.localdate():
                raise DomainError("Each action must be due today or later", field="actions")

    transition(
        by=by,
        record=monitoring_return,
        to=ReturnStatus.REVIEWED,
        reason=reasons,
        changes={
            "rating": rating,
            "rating_reasons": reasons,
            "reviewed_at": timezone.now(),
            "reviewed_by_id": person_id(by),
        },
    )
    if rating == Rating.RED:
        plan = RemedialPlan.objects.create(
            agreement=monitoring_return.plan.agreement,
            monitoring_return=monitoring_return,
            summary=(remedial_summary or "").strip(),
            opened_by_id=acting_person_id(by),
        )
        audit_record(by=by, action="create", instance=plan, after=snapshot(plan))
        for spec in actions:
            action = RemedialAction.objects.create(
                plan=plan, action=spec.action.strip(), owner=spec.owner.strip()[:200], due_on=spec.due_on
            )
            audit_record(by=by, action="create", instance=action, after=snapshot(action))
    return monitoring_return


@transaction.atomic
def return_changes_request(
    *, by: Actor, monitoring_return: MonitoringReturn, message: str
) -> MonitoringReturn:
    """Send a submitted return back to the provider with what to change."""
    monitoring_return = _locked(monitoring_return)
    require(by, "monitoring.manage", monitoring_return)
    _require_submitted(monitoring_return)
    message = (message or "").strip()
    if not message:
        raise DomainError("Enter what the provider needs to change", field="message")
    return transition(
        by=by,
        record=monitoring_return,
        to=ReturnStatus.CHANGES_REQUESTED,
        reason=message,
        changes={"changes_requested": message},
    )


@transaction.atomic
def remedial_action_complete(*, by: Actor, action: RemedialAction, done_on: date) -> RemedialAction:
    """Record an action as done; the plan closes when every one of its actions is done."""
    action = RemedialAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    plan = RemedialPlan.objects.select_for_update().get(pk=action.plan_id)
    require(by, "monitoring.manage", plan)
    if plan.status == RemedialPlan.Status.CLOSED:
        raise DomainError("This remedial plan is closed", field="done_on")
    if action.done_on is not None:
        raise DomainError("This action is already done", field="done_on")
    if done_on > timezone.localdate():
        raise DomainError("The date the action was done must be today or in the past", field="done_on")
    before = snapshot(action)
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_record(by=by, action="complete", instance=action, before=before, after=snapshot(action))
    if not plan.actions.filter(done_on__isnull=True).exists():
        transition(
            by=by,
            record=plan,
            to=RemedialPlan.Status.CLOSED,
            reason="Every action is done",
            changes={"closed_at": timezone.now(), "closed_by_id": person_id(by)},
        )
    return action
