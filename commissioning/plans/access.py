"""Who may read and change plans and principles, asked of the permission table: every staff role reads them
("plan.view"); administrators change them ("plan.manage")."""

from django.shortcuts import get_object_or_404

from commissioning.accounts.permissions import may, require

from .models import CommissioningPrinciple, Objective, Plan, Priority
from .selectors import objective_with_plan, plan_with_priorities, priority_with_plan


def can_edit_plans(user: object) -> bool:
    return may(user, "plan.manage")


def _require(user: object, *, edit: bool) -> None:
    require(user, "plan.manage" if edit else "plan.view")


def plan_for(user: object, pk: int, *, edit: bool = False) -> Plan:
    _require(user, edit=edit)
    return get_object_or_404(plan_with_priorities(), pk=pk)


def priority_for(user: object, pk: int, *, edit: bool = False) -> Priority:
    _require(user, edit=edit)
    return get_object_or_404(priority_with_plan(), pk=pk)


def objective_for(user: object, pk: int, *, edit: bool = False) -> Objective:
    _require(user, edit=edit)
    return get_object_or_404(objective_with_plan(), pk=pk)


def principle_for(user: object, pk: int, *, edit: bool = False) -> CommissioningPrinciple:
    _require(user, edit=edit)
    return get_object_or_404(CommissioningPrinciple, pk=pk)
