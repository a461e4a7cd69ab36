"""Who may read and change plans and principles. Every staff role reads them; administrators change them."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from commissioning.accounts.roles import Role, has_role, is_staff_member

from .models import CommissioningPrinciple, Objective, Plan, Priority
from .selectors import plan_with_priorities


def can_edit_plans(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def _require(user: Any, *, edit: bool) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("Plans are for staff of the commissioning body.")
    if edit and not can_edit_plans(user):
        raise PermissionDenied("Only an administrator can change plans and principles.")


def plan_for(user: Any, pk: int, *, edit: bool = False) -> Plan:
    _require(user, edit=edit)
    return get_object_or_404(plan_with_priorities(), pk=pk)


def priority_for(user: Any, pk: int, *, edit: bool = False) -> Priority:
    _require(user, edit=edit)
    return get_object_or_404(Priority.objects.select_related("plan"), pk=pk)


def objective_for(user: Any, pk: int, *, edit: bool = False) -> Objective:
    _require(user, edit=edit)
    return get_object_or_404(Objective.objects.select_related("priority__plan"), pk=pk)


def principle_for(user: Any, pk: int, *, edit: bool = False) -> CommissioningPrinciple:
    _require(user, edit=edit)
    return get_object_or_404(CommissioningPrinciple, pk=pk)
