from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role, user_roles
from commissioning.audit.models import AuditEvent
from commissioning.core.selectors import commissioning_body
from commissioning.devtools.demo.accounts import DEMO_ACCOUNTS
from commissioning.plans.models import CommissioningPrinciple
from commissioning.plans.selectors import current_plan

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    with override_settings(DEBUG=True, DEMO_PASSWORD="demo-Commission-2026"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_is_refused_when_debug_is_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="refused when DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_demo_loads_the_body_plan_principles_and_one_account_per_role():
    output = seed()
    assert (
        commissioning_body().name == "Office of the Police and Crime Commissioner for Wiltshire and Swindon"
    )
    plan = current_plan()
    assert plan is not None and plan.title == "Police and Crime Plan 2017–2021"
    assert [p.title for p in plan.priorities.all()] == [
        "Prevent crime and keep people safe",
        "Protect the most vulnerable people in society",
        "Put victims, witnesses and communities at the heart of everything we do",
        "Secure a quality service that is trusted and efficient",
    ]
    assert CommissioningPrinciple.objects.filter(is_active=True).count() == 10
    roles_with_accounts = {role for *_, role in DEMO_ACCOUNTS}
    assert roles_with_accounts == {role.value for role in Role}
    for email, _name, _job, role in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.check_password("demo-Commission-2026")
        assert user_roles(user) == {role}
        assert email in output
    assert "demo-Commission-2026" in output
    assert len([1 for *_, role in DEMO_ACCOUNTS if role == Role.PROVIDER]) == 2


def test_loading_the_demo_twice_changes_nothing():
    seed()
    events = AuditEvent.objects.count()
    users = User.objects.count()
    seed()
    assert AuditEvent.objects.count() == events
    assert User.objects.count() == users


def test_demo_accounts_follow_a_changed_demo_password():
    seed()
    with override_settings(DEBUG=True, DEMO_PASSWORD="another-Long-password-9"):
        call_command("seed_demo", "--quiet-sign-in", stdout=StringIO())
    assert User.objects.get(email="cfo@example.org").check_password("another-Long-password-9")
