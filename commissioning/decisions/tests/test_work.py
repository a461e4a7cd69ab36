"""Decision records on the dashboard's work waiting."""

from decimal import Decimal

from django.urls import reverse

from commissioning.dashboard.work import work_waiting
from commissioning.decisions.services import decision_approve

from .conftest import draft


def labels(user):
    return {item.label: item.count for item in work_waiting(user)}


def test_drafts_wait_for_those_whose_limit_covers_them(officer, chief_executive, commissioner):
    draft(officer, amount=Decimal("40000.00"))
    draft(officer, amount=Decimal("20000.00"))
    draft(officer, amount=None)
    assert labels(commissioner)["Draft decisions your limit covers, to approve"] == 3
    assert labels(chief_executive)["Draft decisions your limit covers, to approve"] == 2
    # An officer's £5,000 covers only the draft that commits no money.
    assert labels(officer)["Draft decisions your limit covers, to approve"] == 1


def test_approved_decisions_wait_to_be_published_and_the_dashboard_links_to_them(
    client, officer, commissioner
):
    decision_approve(by=commissioner, record=draft(officer, amount=Decimal("1000.00")))
    assert labels(officer)["Approved decisions to publish"] == 1
    client.force_login(officer)
    content = client.get(reverse("dashboard:home")).content.decode()
    assert "Approved decisions to publish" in content
    assert f"{reverse('decisions:list')}?status=approved" in content
