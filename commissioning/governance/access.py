"""Who may decide what amount (the scheme of delegation) and who may change the scheme."""

from typing import Any

from commissioning.accounts.roles import Role, has_role

from .selectors import may_decide

__all__ = ["CHANGE_DELEGATION_ROLES", "may_change_delegation", "may_decide"]

CHANGE_DELEGATION_ROLES = (Role.ADMINISTRATOR,)


def may_change_delegation(user: Any) -> bool:
    return has_role(user, *CHANGE_DELEGATION_ROLES)
