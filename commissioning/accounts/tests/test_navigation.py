"""The service navigation asks the permission table (`may(user, action)`) for each staff entry, and offers each
role what it offered when the bar was written as role lists."""

import pytest

from commissioning.accounts.navigation import (
    PROVIDER_NAVIGATION,
    PUBLIC_NAVIGATION,
    STAFF_NAVIGATION,
    service_navigation,
)
from commissioning.accounts.permissions import PERMISSIONS, READ_ALL, STAFF
from commissioning.accounts.roles import Role

# Who each entry was shown to before the bar asked the table.
SHOWN_TO = {
    "Dashboard": STAFF,
    "Plan": READ_ALL,
    # The commissioning cycle: open to every staff role, offered in the bar (like the plan) to those who read all.
    "Needs": READ_ALL,
    "Intentions": READ_ALL,
    "Funds": READ_ALL | {Role.PARTNER_ADMINISTRATOR},
    "Organisations": READ_ALL,
    "Grants": READ_ALL | {Role.PARTNER_ADMINISTRATOR},
    "Assessments": {Role.ASSESSOR},
    "Agreements": READ_ALL | {Role.PARTNER_ADMINISTRATOR},
    "Monitoring": READ_ALL,
    "Decommissioning": READ_ALL,
    "Boards": READ_ALL,
    "Decisions": READ_ALL,
    "Reports": READ_ALL,
    "Delegation": READ_ALL,
    "Feedback": {Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER},
    "Audit trail": {Role.ADMINISTRATOR, Role.AUDITOR},
    "Settings": {Role.ADMINISTRATOR},
    # Commissioning projects (issue 11), for those who read every record.
    "Projects": READ_ALL,
}


def test_every_staff_entry_names_an_action_of_the_table():
    assert {label for label, _, _ in STAFF_NAVIGATION} == set(SHOWN_TO)
    for label, _, action in STAFF_NAVIGATION:
        assert action in PERMISSIONS, label


@pytest.mark.parametrize("role", [role for role in Role if role != Role.PROVIDER])
def test_each_staff_role_sees_the_entries_it_saw_before(make_user, role):
    labels = [item.label for item in service_navigation(make_user(role), "/staff/")]
    expected = [label for label, _, _ in STAFF_NAVIGATION if role in SHOWN_TO[label]]
    assert labels == expected


def test_provider_users_and_the_public_see_their_own_bars(make_user):
    provider = [item.label for item in service_navigation(make_user(Role.PROVIDER), "/")]
    assert provider == [label for label, _ in PROVIDER_NAVIGATION]
    public = [item.label for item in service_navigation(None, "/")]
    assert public == [label for label, _ in PUBLIC_NAVIGATION]
    nobody = [item.label for item in service_navigation(make_user(), "/")]
    assert nobody == public


def test_the_entry_for_the_page_shown_is_marked_active(make_user):
    items = service_navigation(make_user(Role.ADMINISTRATOR), "/staff/audit/")
    active = [item.label for item in items if item.active]
    assert active == ["Audit trail"]
