"""Who may see and change monitoring plans on staff pages. Views load plans only through these functions."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.roles import READ_ALL_ROLES, Role, has_role
from commissioning.agreements.access import agreement_for, agreements_visible_to, provider_agreement_for
from commissioning.agreements.models import Agreement
from commissioning.monitoring.models import MonitoringReturn

# Staff who read every agreement see its monitoring; officers and administrators change plans.
READ_ROLES = tuple(READ_ALL_ROLES)
ADJUST_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)


def may_adjust_plans(user: Any) -> bool:
    return has_role(user, *ADJUST_ROLES)


def monitored_agreement_for(user: Any, pk: int, *, for_performance_page: bool = False) -> Agreement:
    """The agreement whose monitoring a member of staff asks for: refused for roles that do not read every
    agreement, "not found" when there is no such agreement. `for_performance_page` reads it as that page needs it
    (`performance_agreements`: its plan with it, only the columns the page shows)."""
    if not has_role(user, *READ_ROLES):
        raise PermissionDenied("You do not have a role that can see monitoring.")
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

    if not has_role(user, Role.PROVIDER):
        raise PermissionDenied("This page is for people of the organisations the body funds.")
    monitoring_return = return_with_answers(pk)
    if monitoring_return is None:
        raise Http404("No return found")
    provider_agreement_for(user, monitoring_return.plan.agreement_id)
    return monitoring_return


def reviewed_return_for(user: Any, pk: int) -> MonitoringReturn:
    """For staff pages: any return, to staff who read every agreement; refused for other roles."""
    from commissioning.monitoring.selectors.returns import return_with_answers

    if not has_role(user, *READ_ROLES):
        raise PermissionDenied("You do not have a role that can see monitoring.")
    monitoring_return = return_with_answers(pk)
    if monitoring_return is None:
        raise Http404("No return found")
    return monitoring_return
