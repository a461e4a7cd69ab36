"""Demo accounts: one person per role of the brief, and two provider users (the organisations demo places them in
different organisations). Every password is settings.DEMO_PASSWORD."""

from typing import Any

from django.conf import settings

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.accounts.services import user_create, user_set_password, user_set_roles

# (email, full name, job title, role) in the order sign-in details are printed.
DEMO_ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("administrator@example.org", "Alex Morgan", "Systems administrator", Role.ADMINISTRATOR),
    ("commissioner@example.org", "Philip Wilkinson", "Police and Crime Commissioner", Role.COMMISSIONER),
    ("chief.executive@example.org", "Kieran Kilgallen", "Chief Executive", Role.CHIEF_EXECUTIVE),
    ("cfo@example.org", "Clive Barker", "Chief Finance Officer", Role.CHIEF_FINANCE_OFFICER),
    ("officer@example.org", "Priya Shah", "Commissioning officer", Role.COMMISSIONING_OFFICER),
    ("assessor@example.org", "Sam Okafor", "Grants panel member", Role.ASSESSOR),
    ("partner@example.org", "Fiona Hale", "Grants manager, community foundation", Role.PARTNER_ADMINISTRATOR),
    ("provider@example.org", "Dee Evans", "Service manager", Role.PROVIDER),
    ("provider2@example.org", "Tom Bright", "Project lead", Role.PROVIDER),
    ("auditor@example.org", "Jo Lindqvist", "Internal auditor", Role.AUDITOR),
]


def load(*, by: Any) -> User:
    """Create or refresh the demo accounts; returns the demo administrator, who then loads the rest of the demo."""
    administrator = None
    for email, full_name, job_title, role in DEMO_ACCOUNTS:
        actor = administrator or by
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                by=actor,
                email=email,
                full_name=full_name,
                job_title=job_title,
                password=settings.DEMO_PASSWORD,
                roles=(role,),
            )
        else:
            user_set_roles(by=actor, user=user, roles=(role,))
            if not user.check_password(settings.DEMO_PASSWORD):
                user_set_password(by=actor, user=user, password=settings.DEMO_PASSWORD)
        if role == Role.ADMINISTRATOR:
            administrator = user
    assert administrator is not None
    return administrator
