"""Who may see and change money, asked of the permission table (accounts/permissions.py). Views load funds only
through `fund_for`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.permissions import check, may

from .models import Fund
from .selectors import funds_visible_to


def may_change_allocations(user: Any, fund: Fund | None = None) -> bool:
    return may(user, "fund.allocate", fund)


def fund_for(user: Any, pk: int) -> Fund:
    """The fund if the person may see it. A fund they may not see is "not found", so its existence stays private."""
    verdict = check(user, "fund.view")
    if not verdict:
        raise PermissionDenied(verdict.reason)
    fund = funds_visible_to(user).filter(pk=pk).first()
    if fund is None:
        raise Http404("No fund found")
    return fund
