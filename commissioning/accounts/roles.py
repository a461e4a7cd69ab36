"""The roles of the product brief, held as Django groups whose names are the role values.

What each role may do is declared once, in the permission table (accounts/permissions.py); this module only names
the roles and reads a person's.
"""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    COMMISSIONER = "commissioner", "Commissioner"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief Finance Officer"
    COMMISSIONING_OFFICER = "commissioning_officer", "Commissioning officer"
    ASSESSOR = "assessor", "Assessor"
    PARTNER_ADMINISTRATOR = "partner_administrator", "Partner administrator"
    PROVIDER = "provider", "Provider user"
    AUDITOR = "auditor", "Auditor"


def user_roles(user: object) -> frozenset[str]:
    """The signed-in person's roles, read once per request and kept on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        user._role_cache = cached  # type: ignore[attr-defined]
    return cached
