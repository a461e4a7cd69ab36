"""Who may see and change money, asked of the permission table (accounts/permissions.py). Views load funds only
through `fund_for`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.permissions import check, may

from .models import Fund, FundPurpose
from .selectors import fund_purpose, funds_visible_to


def may_change_allocations(user: Any, fund: Fund | None = None) -> bool:
    return may(user, "fund.allocate", fund)


def may_change_purposes(user: Any, fund: Fund | None = None) -> bool:
    return may(user, "fund.purposes", fund)


def purpose_for(fund: Fund, pk: int) -> FundPurpose:
    purpose = fund_purpose(fund, pk)
    if purpose is None:
        raise Http404("No purpose found")
    return purpose


def fund_for(user: Any, pk: int) -> Fund:
    """The fund if the person may see it. A fund they may not see is "not found", so its existence stays private."""
    verdict = check(user, "fund.view")
    if not verdict:
        raise PermissionDenied(verdict.reason)
    fund = funds_visible_to(user).filter(pk=pk).first()
    if fund is None:
        raise Http404("No fund found")
    return fund
