"""Who may see and change money. Views load funds only through `fund_for`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.roles import Role, has_role, is_staff_member

from .models import Fund
from .selectors import funds_visible_to

READ_FUND_ROLES = (
    Role.ADMINISTRATOR,
    Role.COMMISSIONER,
    Role.CHIEF_EXECUTIVE,
    Role.CHIEF_FINANCE_OFFICER,
    Role.COMMISSIONING_OFFICER,
    Role.AUDITOR,
    Role.PARTNER_ADMINISTRATOR,
)
CHANGE_ALLOCATION_ROLES = (Role.CHIEF_FINANCE_OFFICER, Role.ADMINISTRATOR)


def may_change_allocations(user: Any) -> bool:
    return has_role(user, *CHANGE_ALLOCATION_ROLES)


def fund_for(user: Any, pk: int) -> Fund:
    """The fund if the person may see it. A fund they may not see is "not found", so its existence stays private."""
    if not is_staff_member(user):
        raise PermissionDenied("This page is for staff of the commissioning body.")
    fund = funds_visible_to(user).filter(pk=pk).first()
    if fund is None:
        raise Http404("No fund found")
    return fund
