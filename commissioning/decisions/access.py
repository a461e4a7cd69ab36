"""Who may see and act on decision records, asked of the permission table (accounts/permissions.py). Staff views
load records only through `decision_for`.

- Everyone who reads all records reads every decision record, drafts included (`decision.view`).
- Commissioning officers and administrators draft and edit drafts (`decision.draft`).
- Approval is for someone whose delegated limit covers the amount (`decision.approve`; the service checks the
  limit itself, with its reason).
- Publishing is for those who draft and those who hold delegated authority (`decision.publish`).
- The public reads published records through the public selectors only, never through this module.
"""

from django.http import Http404

from commissioning.accounts.permissions import may, require
from commissioning.audit.workflow import MoveOption, allowed_moves
from commissioning.governance.selectors import delegated_limit

from .models import DecisionRecord, DecisionStatus
from .selectors import decision_with_people


def decision_for(user: object, pk: int) -> DecisionRecord:
    """The record if the person may read decision records; "not found" if there is no such record."""
    require(user, "decision.view")
    record = decision_with_people(pk)
    if record is None:
        raise Http404("No decision record found")
    return record


def may_draft(user: object) -> bool:
    return may(user, "decision.draft")


def may_edit(user: object, record: DecisionRecord) -> bool:
    """Only a draft is changed: once approved, a record is what was decided."""
    return record.status == DecisionStatus.DRAFT and may(user, "decision.draft", record)


# The moves only someone with delegated authority makes: approving a draft, or returning it without a decision.
DECIDING_MOVES = frozenset({DecisionStatus.APPROVED, DecisionStatus.RETURNED})


def decision_moves(user: object, record: DecisionRecord) -> list[MoveOption]:
    """The moves the person may make now, for the record's buttons. Approval is offered to anyone with some
    delegated authority; whether their limit covers the amount is the service's check, with its reason."""
    moves = []
    for move in allowed_moves(record, user):
        if not move.allowed:
            continue
        if move.to in DECIDING_MOVES and not delegated_limit(user).has_authority:
            continue
        moves.append(move)
    return moves
