from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.effective import EffectiveFrom
from commissioning.core.errors import DomainError
from commissioning.core.models import CommissioningBody
from commissioning.devtools.demo import governance as demo
from commissioning.governance.models import DelegatedLimit
from commissioning.governance.selectors import delegated_limit, limits_in_effect, may_decide, upcoming_limits
from commissioning.governance.services import delegated_limit_add

pytestmark = pytest.mark.django_db

JAN_2026 = date(2026, 1, 15)


@pytest.fixture
def scheme(admin_user):
    demo.load(by=admin_user)


def test_limit_is_the_largest_over_the_persons_roles(make_user, scheme):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    assert delegated_limit(officer, on=JAN_2026).max_amount == Decimal("5000.00")
    both = make_user(Role.COMMISSIONING_OFFICER, Role.CHIEF_FINANCE_OFFICER)
    limit = delegated_limit(both, on=JAN_2026)
    assert (limit.max_amount, limit.role) == (Decimal("100000.00"), Role.CHIEF_FINANCE_OFFICER)
    commissioner = delegated_limit(make_user(Role.COMMISSIONER, Role.CHIEF_EXECUTIVE), on=JAN_2026)
    assert commissioner.has_authority and commissioner.no_limit
    assert commissioner.covers(Decimal("99999999"))


def test_no_row_means_no_authority(make_user, scheme):
    limit = delegated_limit(make_user(Role.ASSESSOR), on=JAN_2026)
    assert not limit.has_authority
    assert not limit.covers(Decimal("1"))


def test_limits_follow_their_dates_of_effect(make_user, admin_user, scheme):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    delegated_limit_add(
        by=admin_user,
        role=Role.COMMISSIONING_OFFICER,
        max_amount=Decimal("7500"),
        effective_from=date(2026, 4, 1),
    )
    assert delegated_limit(officer, on=date(2026, 3, 31)).max_amount == Decimal("5000.00")
    assert delegated_limit(officer, on=date(2026, 4, 1)).max_amount == Decimal("7500.00")
    assert not delegated_limit(officer, on=date(2017, 3, 31)).has_authority
    assert len(limits_in_effect(on=date(2026, 4, 1))) == 4


def test_may_decide_within_the_limit(make_user, scheme):
    allowed, reason = may_decide(make_user(Role.COMMISSIONING_OFFICER), Decimal("5000"), on=JAN_2026)
    assert allowed
    assert reason == "Your delegated limit of £5,000 covers £5,000."
    allowed, reason = may_decide(make_user(Role.COMMISSIONER), Decimal("2000000"), on=JAN_2026)
    assert allowed and "no upper limit" in reason


def test_may_decide_refuses_and_names_who_may_with_the_bodys_titles(make_user, scheme):
    CommissioningBody.objects.create(
        name="Office of the Commissioner",
        short_name="OC",
        commissioner_title="Police and Crime Commissioner",
        chief_executive_title="Chief Executive Officer",
        grant_identifier_prefix="360G-x",
        organisation_identifier="GB-GOR-X",
    )
    allowed, reason = may_decide(make_user(Role.COMMISSIONING_OFFICER), Decimal("8000"), on=JAN_2026)
    assert not allowed
    assert reason == (
        "Your delegated limit is £5,000. A decision on £8,000 must be made by someone whose limit covers it: "
        "the Chief Executive Officer (up to £25,000), the Chief Finance Officer (up to £100,000) or "
        "the Police and Crime Commissioner (no limit)."
    )
    allowed, reason = may_decide(make_user(Role.CHIEF_EXECUTIVE), Decimal("250000"), on=JAN_2026)
    assert not allowed
    assert reason.endswith(
        "must be made by someone whose limit covers it: the Police and Crime Commissioner (no limit)."
    )


def test_may_decide_without_any_authority(make_user, scheme):
    allowed, reason = may_decide(make_user(Role.ASSESSOR), Decimal("100"), on=JAN_2026)
    assert not allowed
    assert reason.startswith("You have no delegated authority to make funding decisions. A decision on £100")


def test_may_decide_when_no_one_covers_the_amount(make_user, admin_user):
    delegated_limit_add(
        by=admin_user, role=Role.CHIEF_EXECUTIVE, max_amount=Decimal("1000"), effective_from=date(2020, 1, 1)
    )
    allowed, reason = may_decide(make_user(Role.CHIEF_EXECUTIVE), Decimal("1500"), on=JAN_2026)
    assert not allowed
    assert reason == "Your delegated limit is £1,000. No one's delegated limit covers a decision on £1,500."


def test_only_administrators_add_limits_and_each_is_audited(make_user, admin_user):
    with pytest.raises(PermissionDenied):
        delegated_limit_add(
            by=make_user(Role.CHIEF_FINANCE_OFFICER),
            role=Role.CHIEF_FINANCE_OFFICER,
            max_amount=None,
            effective_from=JAN_2026,
        )
    row = delegated_limit_add(by=admin_user, role=Role.COMMISSIONER, max_amount=None, effective_from=JAN_2026)
    assert (
        AuditEvent.objects.filter(record_type="governance.delegatedlimit", record_id=str(row.pk)).count() == 1
    )
    with pytest.raises(DomainError, match="Commissioner already has a limit from 15 January 2026"):
        delegated_limit_add(by=admin_user, role=Role.COMMISSIONER, max_amount=None, effective_from=JAN_2026)


def test_demo_is_idempotent(admin_user):
    demo.load(by=admin_user)
    assert DelegatedLimit.objects.count() == 4
    events = AuditEvent.objects.count()
    demo.load(by=admin_user)
    assert DelegatedLimit.objects.count() == 4
    assert AuditEvent.objects.count() == events


def test_delegation_page_for_all_staff_but_not_providers(client_as, scheme):
    response = client_as(Role.AUDITOR).get(reverse("governance:delegation"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Scheme of delegation" in content
    assert "£25,000.00" in content and "No limit" in content
    assert "Add a limit" not in content
    assert client_as(Role.PROVIDER).get(reverse("governance:delegation")).status_code == 403
    assert client_as(Role.ASSESSOR).get(reverse("governance:delegation")).status_code == 200


def test_delegation_page_shows_limits_to_come(client_as, admin_user, scheme):
    delegated_limit_add(
        by=admin_user, role=Role.CHIEF_EXECUTIVE, max_amount=Decimal("30000"), effective_from=date(2099, 4, 1)
    )
    content = client_as(Role.AUDITOR).get(reverse("governance:delegation")).content.decode()
    assert "1 April 2099" in content and "£30,000.00" in content


def test_administrator_adds_a_limit_through_the_form(client_as, admin_user):
    client = client_as(user=admin_user)
    assert "Add a limit" in client.get(reverse("governance:delegation")).content.decode()
    url = reverse("governance:limit-add")
    response = client.post(
        url,
        {
            "role": Role.CHIEF_EXECUTIVE,
            "max_amount": "£25,000",
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2026",
        },
    )
    assert response.status_code == 302
    row = DelegatedLimit.objects.get()
    assert (row.role, row.max_amount, row.effective_from) == (
        Role.CHIEF_EXECUTIVE,
        Decimal("25000.00"),
        date(2026, 4, 1),
    )
    # Empty limit means no limit.
    client.post(
        url,
        {
            "role": Role.COMMISSIONER,
            "max_amount": "",
            "effective_from_0": "1",
            "effective_from_1": "4",
            "effective_from_2": "2026",
        },
    )
    assert DelegatedLimit.objects.get(role=Role.COMMISSIONER).max_amount is None


def test_the_form_explains_bad_input(client_as, admin_user):
    client = client_as(user=admin_user)
    url = reverse("governance:limit-add")
    content = client.post(url, {"role": "", "max_amount": "lots", "effective_from_0": "31"}).content.decode()
    assert "There is a problem" in content
    assert "Select a role" in content
    assert "Limit must be an amount of money" in content
    delegated_limit_add(by=admin_user, role=Role.COMMISSIONER, max_amount=None, effective_from=JAN_2026)
    content = client.post(
        url,
        {
            "role": Role.COMMISSIONER,
            "max_amount": "",
            "effective_from_0": "15",
            "effective_from_1": "1",
            "effective_from_2": "2026",
        },
    ).content.decode()
    assert "already has a limit from 15 January 2026" in content


def test_only_administrators_may_use_the_form(client_as):
    assert client_as(Role.CHIEF_FINANCE_OFFICER).get(reverse("governance:limit-add")).status_code == 403


def test_delegated_limits_are_rules_with_dates_of_effect(admin_user, scheme):
    """DelegatedLimit is a core.effective rule: the one in effect per role, and those to come, soonest first."""
    assert issubclass(DelegatedLimit, EffectiveFrom)
    later = delegated_limit_add(
        by=admin_user, role=Role.CHIEF_EXECUTIVE, max_amount=Decimal("30000"), effective_from=date(2099, 4, 1)
    )
    sooner = delegated_limit_add(
        by=admin_user,
        role=Role.COMMISSIONING_OFFICER,
        max_amount=Decimal("6000"),
        effective_from=date(2098, 4, 1),
    )
    assert upcoming_limits(after=date(2026, 1, 1)) == [sooner, later]
    assert upcoming_limits(after=date(2098, 4, 1)) == [later]
    held = {row.role: row.max_amount for row in limits_in_effect(on=date(2099, 4, 1))}
    assert held[Role.CHIEF_EXECUTIVE] == Decimal("30000.00")
    assert held[Role.COMMISSIONING_OFFICER] == Decimal("6000.00")
    assert [row.role for row in limits_in_effect(on=JAN_2026)] == [
        Role.COMMISSIONING_OFFICER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONER,
    ], "smallest limit first, no limit last"
