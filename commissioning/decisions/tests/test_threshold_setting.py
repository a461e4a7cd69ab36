"""The decision record threshold is the body's setting: an administrator changes it on the settings page (audited),
bad amounts are explained, and leaving it empty keeps it as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.models import CommissioningBody

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Office of the Police and Crime Commissioner for Somewhere",
    "short_name": "OPCC",
    "commissioner_title": "Police and Crime Commissioner",
    "chief_executive_title": "Chief Executive",
    "chief_finance_officer_title": "Chief Finance Officer",
    "grant_identifier_prefix": "360G-somewhere",
    "organisation_identifier": "GB-GOR-PC000999",
    "contact_email": "",
    "website": "",
}


@pytest.fixture
def body(db):
    return CommissioningBody.objects.create(**BODY)


def test_the_default_threshold_is_25000(body):
    assert body.decision_record_threshold == Decimal("25000.00")


def test_an_administrator_sets_the_threshold_and_the_change_is_audited(client_as, body):
    admin = client_as(Role.ADMINISTRATOR)
    page = admin.get(reverse("dashboard:body-edit")).content.decode()
    assert "Decision record threshold" in page
    response = admin.post(reverse("dashboard:body-edit"), {**BODY, "decision_record_threshold": "£50,000"})
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.decision_record_threshold == Decimal("50000.00")
    event = AuditEvent.objects.get(record_type="core.commissioningbody", record_id=str(body.pk))
    assert event.after["decision_record_threshold"] == "50000.00"


def test_a_bad_threshold_is_explained_and_an_empty_one_keeps_the_old(client_as, body):
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(reverse("dashboard:body-edit"), {**BODY, "decision_record_threshold": "a lot"})
    assert response.status_code == 200
    assert "Decision record threshold must be an amount of money" in response.content.decode()
    assert (
        admin.post(reverse("dashboard:body-edit"), {**BODY, "decision_record_threshold": ""}).status_code
        == 302
    )
    body.refresh_from_db()
    assert body.decision_record_threshold == Decimal("25000.00")
