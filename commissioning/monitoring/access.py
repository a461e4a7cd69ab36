"""Who may see and change monitoring, asked of the permission table (accounts/permissions.py). Views load plans
and returns only through these functions."""

from typing import Any

from django.http import Http404

from commissioning.accounts.permissions import may, require
from commissioning.agreements.access import agreement_for, agreements_visible_to
from commissioning.agreements.models import Agreement
from commissioning.monitoring.models import MonitoringReturn


def may_adjust_plans(user: Any) -> bool:
    """Officers and administrators change plans and tiers and review returns; staff who read all see them."""
    return may(user, "monitoring.manage")


def monitored_agreement_for(user: Any, pk: int, *, for_performance_page: bool = False) -> Agreement:
    """The agreement whose monitoring a member of staff asks for: refused for roles that do not see monitoring,
    "not found" when there is no such agreement. `for_performance_page` reads it as that page needs it
    (`performance_agreements`: its plan with it, only the columns the page shows)."""
    require(user, "monitoring.view")
    if not for_performance_page:
        return agreement_for(user, pk)
    from commissioning.monitoring.selectors.performance import performance_agreements

    agreement = performance_agreements(agreements_visible_to(user)).filter(pk=pk).first()
    if agreement is None:
        raise Http404("No agreement found")
    return agreement


def provider_return_for(user: Any, pk: int) -> MonitoringReturn:
    """For provider pages: a return of an agreement the person's organisation is a party to, else "not found"."""
    from commissioning.monitoring.selectors.returns import return_with_answers

    require(user, "return.submit")
    monitoring_return = return_with_answers(pk)
    if monitoring_return is None or not may(user, "return.submit", monitoring_return):
        raise Http404("No return found")
    return monitoring_return


def reviewed_return_for(user: Any, pk: int) -> MonitoringReturn:
    """For staff pages: any return, to staff who see monitoring; refused for other roles."""
    from commissioning.monitoring.selectors.returns import return_with_answers

    require(user, "monitoring.view")
    monitoring_return = return_with_answers(pk)
    if monitoring_return is None:
        raise Http404("No return found")
    return monitoring_return
