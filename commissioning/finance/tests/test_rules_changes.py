"""Fund rules are data with dates of effect: the Chief Finance Officer (or an administrator) adds rules from a date;
the earlier rules keep applying until then, and the partner running the fund carries over."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.finance.models import FundRules
from commissioning.finance.selectors import rules_for
from commissioning.finance.services import fund_rules_add
from commissioning.organisations.sectors import Sector

from .test_views import ppaf  # noqa: F401 - the Police Property Act Fund with rules and a partner

pytestmark = pytest.mark.django_db


def _date_fields(day):
    return {"effective_from_0": day.day, "effective_from_1": day.month, "effective_from_2": day.year}


def _rules(**changes):
    fields = {
        "effective_from": timezone.localdate() + timedelta(days=30),
        "eligible_sectors": [Sector.CHARITY, Sector.CIO],
        "min_award": Decimal("500"),
        "max_award": Decimal("5000"),
        "max_duration_months": 12,
        "one_off": True,
        "ring_fenced_purposes": ["Crime prevention", "  ", "Crime prevention", "Youth diversion"],
    }
    return {**fields, **changes}


def test_the_cfo_changes_the_rules_from_a_date(client_as, make_user, ppaf):  # noqa: F811
    cfo = make_user(Role.CHIEF_FINANCE_OFFICER)
    client = client_as(user=cfo)
    page = client.get(reverse("finance:fund-detail", args=[ppaf.pk])).content.decode()
    assert "Change the rules from a date" in page
    form = client.get(reverse("finance:rules-add", args=[ppaf.pk])).content.decode()
    # The form starts from the rules in effect today.
    assert 'name="max_award" value="3000.00"' in form and 'name="max_duration_months" value="12"' in form
    starts = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("finance:rules-add", args=[ppaf.pk]),
        {
            **_date_fields(starts),
            "eligible_sectors": [Sector.CHARITY, Sector.CIC],
            "min_award": "",
            "max_award": "£5,000",
            "max_duration_months": "18",
            "ring_fenced_purposes": "Crime prevention\r\n\r\nYouth diversion\r\n",
        },
    )
    assert response.status_code == 302
    new = FundRules.objects.get(fund=ppaf, effective_from=starts)
    old = rules_for(ppaf)
    assert (new.max_award, new.max_duration_months, new.one_off) == (Decimal("5000"), 18, False)
    assert new.eligible_sectors == [Sector.CHARITY, Sector.CIC]
    assert new.ring_fenced_purposes == ["Crime prevention", "Youth diversion"]
    # The partner running the fund carries over; the rules in effect today stay as they were until then.
    assert new.administering_organisation_id == old.administering_organisation_id is not None
    assert old.max_award == Decimal("3000")
    assert rules_for(ppaf, on=starts) == new
    assert AuditEvent.objects.filter(action="create", record_id=str(new.pk), actor=cfo).exists()
    page = client.get(reverse("finance:fund-detail", args=[ppaf.pk])).content.decode()
    assert f"From {starts.day} {starts:%B %Y}" in page and "£5,000" in page


def test_the_rules_are_cleaned_and_checked(make_user, ppaf):  # noqa: F811
    cfo = make_user(Role.CHIEF_FINANCE_OFFICER)
    rules = fund_rules_add(by=cfo, fund=ppaf, **_rules())
    assert rules.ring_fenced_purposes == ["Crime prevention", "Youth diversion"]
    with pytest.raises(DomainError, match="already has rules from"):
        fund_rules_add(by=cfo, fund=ppaf, **_rules())
    with pytest.raises(DomainError, match="take effect today or later"):
        fund_rules_add(by=cfo, fund=ppaf, **_rules(effective_from=timezone.localdate() - timedelta(days=1)))
    with pytest.raises(DomainError, match="largest award must be at least the smallest"):
        fund_rules_add(
            by=cfo, fund=ppaf, **_rules(effective_from=timezone.localdate(), min_award=Decimal("6000"))
        )
    with pytest.raises(DomainError, match="Select sectors from the list"):
        fund_rules_add(
            by=cfo, fund=ppaf, **_rules(effective_from=timezone.localdate(), eligible_sectors=["pirates"])
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"effective_from_0": ""}, "Enter the date the rules take effect"),
        ({"max_award": "lots"}, "Largest award must be an amount of money"),
        (
            {"min_award": "£9,000", "max_award": "£100"},
            "The largest award must be at least the smallest award",
        ),
        ({"max_duration_months": "0"}, "Longest funding, in months must be 1 or more"),
        ({"eligible_sectors": ["pirates"]}, "Select sectors from the list"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client_as, ppaf, changes, message):  # noqa: F811
    client = client_as(Role.CHIEF_FINANCE_OFFICER)
    count = FundRules.objects.count()
    data = {**_date_fields(timezone.localdate()), "max_award": "£5,000", **changes}
    response = client.post(reverse("finance:rules-add", args=[ppaf.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert FundRules.objects.count() == count


@pytest.mark.parametrize("role", [Role.COMMISSIONING_OFFICER, Role.AUDITOR, Role.COMMISSIONER, Role.PROVIDER])
def test_only_the_cfo_and_administrators_change_rules(client_as, make_user, ppaf, role):  # noqa: F811
    assert client_as(role).get(reverse("finance:rules-add", args=[ppaf.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        fund_rules_add(by=make_user(role), fund=ppaf, **_rules())
    assert client_as(Role.ADMINISTRATOR).get(reverse("finance:rules-add", args=[ppaf.pk])).status_code == 200
