"""Who may see and act on decision records. Staff views load records only through `decision_for`.

- Everyone who reads all records reads every decision record, drafts included.
- Commissioning officers and administrators draft and edit drafts.
- Approval is for someone whose delegated limit covers the amount (the service checks the limit itself).
- Publishing is for those who draft and those who hold delegated authority.
- The public reads published records through the public selectors only, never through this module.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.roles import READ_ALL_ROLES, Role, can_read_all, has_role
from commissioning.governance.selectors import delegated_limit

from .models import DECISION_TRANSITIONS, DecisionRecord, DecisionStatus

READ_ROLES = tuple(sorted(READ_ALL_ROLES))
DRAFT_ROLES = (Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER)
DECIDE_ROLES = (
    Role.COMMISSIONER,
    Role.CHIEF_EXECUTIVE,
    Role.CHIEF_FINANCE_OFFICER,
    Role.COMMISSIONING_OFFICER,
)
PUBLISH_ROLES = tuple(sorted({*DRAFT_ROLES, *DECIDE_ROLES}))


def decision_for(user: Any, pk: int) -> DecisionRecord:
    """The record if the person may read decision records; "not found" if there is no such record."""
    if not can_read_all(user):
        raise PermissionDenied("You do not have a role that can see decision records.")
    record = DecisionRecord.objects.select_related("decision_maker", "created_by").filter(pk=pk).first()
    if record is None:
        raise Http404("No decision record found")
    return record


def may_draft(user: Any) -> bool:
    return has_role(user, *DRAFT_ROLES)


def may_edit(user: Any, record: DecisionRecord) -> bool:
    return may_draft(user) and record.status == DecisionStatus.DRAFT


def may_approve(user: Any, record: DecisionRecord) -> bool:
    """Offered to anyone with delegated authority while the record is a draft; whether their limit covers the
    amount is the service's check, with its reason."""
    return (
        DecisionStatus.APPROVED in DECISION_TRANSITIONS[record.status]
        and has_role(user, *DECIDE_ROLES)
        and delegated_limit(user).has_authority
    )


def may_publish(user: Any, record: DecisionRecord) -> bool:
    return DecisionStatus.PUBLISHED in DECISION_TRANSITIONS[record.status] and has_role(user, *PUBLISH_ROLES)
