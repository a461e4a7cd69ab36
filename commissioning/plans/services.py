"""Writes for plans, priorities, objectives and principles. Each is one audited transaction."""

from django.db import transaction

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record, audited_save, snapshot
from commissioning.core.actors import Actor
from commissioning.core.errors import DomainError

from .models import CommissioningPrinciple, Objective, Plan, Priority


@transaction.atomic
def plan_save(*, by: Actor, plan: Plan) -> Plan:
    require(by, "plan.manage", plan)
    if plan.starts_on and plan.ends_on and plan.ends_on <= plan.starts_on:
        raise DomainError("The end date must be after the start date", field="ends_on")
    audited_save(by=by, instance=plan)
    return plan


@transaction.atomic
def plan_make_current(*, by: Actor, plan: Plan) -> Plan:
    """Make `plan` the one current plan; the plan it replaces stays on record with its priorities."""
    require(by, "plan.manage", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_current:
        return plan
    if not plan.priorities.exists():
        raise DomainError("Add at least one priority before making this the current plan")
    for previous in Plan.objects.select_for_update().filter(is_current=True):
        before = snapshot(previous)
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        audit_record(by=by, action="replaced", instance=previous, before=before, after=snapshot(previous))
    before = snapshot(plan)
    plan.is_current = True
    plan.save(update_fields=["is_current"])
    audit_record(by=by, action="made current", instance=plan, before=before, after=snapshot(plan))
    return plan


@transaction.atomic
def priority_save(*, by: Actor, priority: Priority) -> Priority:
    require(by, "plan.manage", priority)
    clash = Priority.objects.filter(plan_id=priority.plan_id, number=priority.number).exclude(pk=priority.pk)
    if clash.exists():
        raise DomainError(f"This plan already has a priority numbered {priority.number}", field="number")
    audited_save(by=by, instance=priority)
    return priority


@transaction.atomic
def objective_save(*, by: Actor, objective: Objective) -> Objective:
    require(by, "plan.manage", objective)
    clash = Objective.objects.filter(priority_id=objective.priority_id, number=objective.number).exclude(
        pk=objective.pk
    )
    if clash.exists():
        raise DomainError(
            f"This priority already has an objective numbered {objective.number}", field="number"
        )
    audited_save(by=by, instance=objective)
    return objective


@transaction.atomic
def objective_remove(*, by: Actor, objective: Objective) -> None:
    require(by, "plan.manage", objective)
    before = snapshot(objective)
    audit_record(by=by, action="delete", instance=objective, before=before, after=None)
    objective.delete()


@transaction.atomic
def principle_save(*, by: Actor, principle: CommissioningPrinciple) -> CommissioningPrinciple:
    require(by, "plan.manage", principle)
    clash = CommissioningPrinciple.objects.filter(number=principle.number).exclude(pk=principle.pk)
    if clash.exists():
        raise DomainError(f"There is already a principle numbered {principle.number}", field="number")
    audited_save(by=by, instance=principle)
    return principle
