"""Demo accounts: one person per role of the brief, and two provider users (the organisations demo places them in
different organisations). Every password is settings.DEMO_PASSWORD."""

from typing import NamedTuple

from django.conf import settings

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.accounts.services import user_create, user_set_password, user_set_roles
from commissioning.core.actors import Actor


class DemoAccount(NamedTuple):
    email: str
    full_name: str
    job_title: str
    role: str


# In the order sign-in details are printed.
DEMO_ACCOUNTS = [
    DemoAccount("administrator@example.org", "Alex Morgan", "Systems administrator", role=Role.ADMINISTRATOR),
    DemoAccount(
        "commissioner@example.org",
        "Philip Wilkinson",
        "Police and Crime Commissioner",
        role=Role.COMMISSIONER,
    ),
    DemoAccount(
        "chief.executive@example.org", "Kieran Kilgallen", "Chief Executive", role=Role.CHIEF_EXECUTIVE
    ),
    DemoAccount("cfo@example.org", "Clive Barker", "Chief Finance Officer", role=Role.CHIEF_FINANCE_OFFICER),
    DemoAccount(
        "officer@example.org", "Priya Shah", "Commissioning officer", role=Role.COMMISSIONING_OFFICER
    ),
    DemoAccount("assessor@example.org", "Sam Okafor", "Grants panel member", role=Role.ASSESSOR),
    DemoAccount(
        "partner@example.org",
        "Fiona Hale",
        "Grants manager, community foundation",
        role=Role.PARTNER_ADMINISTRATOR,
    ),
    DemoAccount("provider@example.org", "Dee Evans", "Service manager", role=Role.PROVIDER),
    DemoAccount("provider2@example.org", "Tom Bright", "Project lead", role=Role.PROVIDER),
    DemoAccount("auditor@example.org", "Jo Lindqvist", "Internal auditor", role=Role.AUDITOR),
]


def load(*, by: Actor) -> User:
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
