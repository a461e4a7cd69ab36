"""Monitoring tiers as data that staff manage: the page, the check of which tier an agreement gets, and adding a
tier from a date of effect."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.monitoring.models import MonitoringTier, ReturnFrequency
from commissioning.monitoring.services.plans import tier_for
from commissioning.monitoring.services.tiers import monitoring_tier_add

pytestmark = pytest.mark.django_db


def _tier(**changes):
    fields = {
        "name": "Small grants, light touch",
        "min_value": Decimal("0"),
        "max_value": Decimal("5000"),
        "min_months": None,
        "max_months": None,
        "frequency": ReturnFrequency.END_ONLY,
        "needs_indicators": False,
        "needs_review_meeting": False,
        "due_days": 60,
        "effective_from": timezone.localdate() + timedelta(days=10),
    }
    return {**fields, **changes}


def _posted(day: date, **changes):
    data = {
        "name": "Small grants, light touch",
        "min_value": "£0",
        "max_value": "£5,000",
        "min_months": "",
        "max_months": "",
        "frequency": ReturnFrequency.END_ONLY,
        "due_days": "60",
        "effective_from_0": str(day.day),
        "effective_from_1": str(day.month),
        "effective_from_2": str(day.year),
    }
    return {**data, **changes}


def test_every_staff_reader_sees_the_tiers_and_only_officers_may_add(client_as):
    response = client_as(Role.AUDITOR).get(reverse("monitoring:tiers"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tiers in effect from 1 April 2020" in content
    assert "Standard: £10,000 to £99,999" in content
    assert "£10,000.00 to under £100,000.00" in content and "£100,000.00 or more" in content
    assert "Quarterly returns" in content
    assert "Add a tier" not in content
    assert client_as(Role.PROVIDER).get(reverse("monitoring:tiers")).status_code == 403
    assert client_as(Role.AUDITOR).get(reverse("monitoring:tier-add")).status_code == 403
    assert client_as(Role.CHIEF_FINANCE_OFFICER).get(reverse("monitoring:tier-add")).status_code == 403
    assert (
        "Add a tier"
        in client_as(Role.COMMISSIONING_OFFICER).get(reverse("monitoring:tiers")).content.decode()
    )


def test_an_officer_adds_a_tier_that_applies_from_its_date(client_as, make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    client = client_as(user=officer)
    starts = timezone.localdate() + timedelta(days=10)
    response = client.post(reverse("monitoring:tier-add"), _posted(starts))
    assert response.status_code == 302
    tier = MonitoringTier.objects.get(name="Small grants, light touch")
    assert (tier.min_value, tier.max_value, tier.frequency, tier.due_days, tier.effective_from) == (
        Decimal("0"),
        Decimal("5000"),
        ReturnFrequency.END_ONLY,
        60,
        starts,
    )
    event = AuditEvent.objects.get(
        action="create", record_id=str(tier.pk), record_type__endswith="monitoringtier"
    )
    assert event.actor == officer
    # From its date it replaces the shipped tier for the band it covers; before, and outside it, nothing changes.
    assert tier_for(Decimal("4000"), 12, starts) == tier
    assert tier_for(Decimal("4000"), 12, starts - timedelta(days=1)).name == "Light touch: under £10,000"
    assert tier_for(Decimal("6000"), 12, starts).name == "Light touch: under £10,000"
    content = client.get(reverse("monitoring:tiers")).content.decode()
    assert f"Tiers taking effect on {starts:%-d %B %Y}" in content
    assert "Small grants, light touch" in content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  "}, "Enter a name for the tier"),
        ({"max_value": "£0"}, "The value the tier stops at must be more than the lowest value"),
        (
            {"min_months": "12", "max_months": "6"},
            "The longest agreement must be at least as long as the shortest",
        ),
        ({"frequency": "weekly"}, "Select how often returns are due"),
        ({"due_days": "0"}, "Days to submit a return must be 1 or more"),
        ({"min_value": "lots"}, "Lowest value must be an amount of money"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client_as, changes, message):
    client = client_as(Role.COMMISSIONING_OFFICER)
    before = MonitoringTier.objects.count()
    response = client.post(reverse("monitoring:tier-add"), _posted(timezone.localdate(), **changes))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert MonitoringTier.objects.count() == before


def test_a_tier_cannot_change_the_past(client_as):
    client = client_as(Role.COMMISSIONING_OFFICER)
    yesterday = timezone.localdate() - timedelta(days=1)
    content = client.post(reverse("monitoring:tier-add"), _posted(yesterday)).content.decode()
    assert "The tier must take effect today" in content
    assert "plans already made keep their tier" in content
    assert not MonitoringTier.objects.filter(name="Small grants, light touch").exists()


def test_the_same_name_twice_on_one_date_is_refused(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    monitoring_tier_add(by=officer, **_tier())
    with pytest.raises(DomainError, match="already takes effect"):
        monitoring_tier_add(by=officer, **_tier(name="small grants, LIGHT touch"))


def test_only_officers_and_administrators_add_tiers(make_user):
    with pytest.raises(PermissionDenied):
        monitoring_tier_add(by=make_user(Role.CHIEF_FINANCE_OFFICER), **_tier())
    assert monitoring_tier_add(by=make_user(Role.ADMINISTRATOR), **_tier()).pk


def test_the_check_names_the_tier_an_agreement_gets(client_as):
    client = client_as(Role.AUDITOR)
    url = reverse("monitoring:tiers")
    response = client.get(url, {"value": "£45,000", "months": "18", "on_0": "1", "on_1": "4", "on_2": "2027"})
    content = response.content.decode()
    assert "falls in <strong>Standard: £10,000 to £99,999</strong>" in content
    assert "six-monthly returns" in content
    content = client.get(url, {"value": "much", "months": "0"}).content.decode()
    assert "There is a problem" in content
    assert "Value of the agreement must be an amount of money" in content
    assert "Length in months must be 1 or more" in content
    assert "Enter the start date" in content
    content = client.get(
        url, {"value": "£45,000", "months": "18", "on_0": "1", "on_1": "4", "on_2": "2019"}
    ).content
    assert (
        "No monitoring tier covers an agreement of this value and length on 1 April 2019" in content.decode()
    )
