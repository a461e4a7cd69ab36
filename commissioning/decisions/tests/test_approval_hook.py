"""The approval hook: approving a grant above the body's decision record threshold starts a draft decision record
linked to the application, in the approval's transaction; at or below the threshold, nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.errors import DomainError
from commissioning.core.models import CommissioningBody
from commissioning.decisions.models import DecisionRecord, DecisionStatus
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundFactory
from commissioning.grants.models import ApplicationStatus, Decision
from commissioning.grants.services.decisions import decision_make
from commissioning.grants.tests.factories import scheme_with_criteria, submitted_application
from commissioning.plans.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    return CommissioningBody.objects.create(
        name="Office of the Police and Crime Commissioner for Somewhere",
        short_name="OPCC",
        grant_identifier_prefix="360G-somewhere",
        organisation_identifier="GB-GOR-PC000001",
        decision_record_threshold=Decimal("2000.00"),
    )


@pytest.fixture
def scheme(db):
    fund = FundFactory(name="Community Fund", code="PCF")
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("20000.00")
    )
    return scheme_with_criteria(fund=fund, reference_prefix="PCF")


def approve(scheme, amount, decider):
    application = submitted_application(
        scheme=scheme,
        status=ApplicationStatus.MODERATED,
        amount_requested=Decimal(amount),
        priorities=[PriorityFactory()],
        starts_on=date(2026, 5, 1),
        ends_on=date(2027, 3, 31),
    )
    decision_make(by=decider, application=application, outcome=Decision.Outcome.APPROVE, reasons="Good value")
    return application


def test_an_approval_above_the_threshold_creates_a_linked_draft(body, scheme, commissioner):
    application = approve(scheme, "3000.00", commissioner)
    record = DecisionRecord.objects.get()
    assert record.status == DecisionStatus.DRAFT
    assert (record.source_type, record.source_id) == ("grants.application", str(application.pk))
    assert record.amount == Decimal("3000.00")
    assert record.created_by == commissioner
    assert application.organisation.name in record.title
    assert "£3,000" in record.decision and application.reference in record.decision


def test_an_approval_at_or_below_the_threshold_creates_none(body, scheme, commissioner):
    approve(scheme, "2000.00", commissioner)
    approve(scheme, "1500.00", commissioner)
    assert not DecisionRecord.objects.exists()


def test_the_threshold_is_the_bodys_setting(body, scheme, commissioner):
    body.decision_record_threshold = Decimal("5000.00")
    body.save()
    approve(scheme, "3000.00", commissioner)
    assert not DecisionRecord.objects.exists()


def test_a_refused_approval_leaves_no_draft_behind(body, scheme, commissioner):
    with pytest.raises(DomainError):
        approve(scheme, "25000.00", commissioner)  # more than the £20,000 allocation
    assert not DecisionRecord.objects.exists()


def test_the_draft_links_to_the_application_on_its_staff_page(body, scheme, commissioner, client_as):
    application = approve(scheme, "3000.00", commissioner)
    record = DecisionRecord.objects.get()
    page = client_as(Role.AUDITOR).get(reverse("decisions:detail", args=[record.pk])).content.decode()
    assert reverse("grants-staff:application", args=[application.pk]) in page
    assert f"Application {application.reference}" in page
