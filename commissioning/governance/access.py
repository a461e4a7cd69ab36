"""Who may read and change the scheme of delegation, asked of the permission table: every staff role reads it
("delegation.view"); administrators add a limit ("delegation.change"). Who may decide what amount is the scheme
itself (`selectors.may_decide`)."""

from commissioning.accounts.permissions import may

from .selectors import may_decide

__all__ = ["may_change_delegation", "may_decide"]


def may_change_delegation(user: object) -> bool:
    return may(user, "delegation.change")
