"""How an agreement is paid: its mechanism's default plan (data with a date of effect), and staff changing an
agreement's own plan before payments start."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.agreements.models import (
    AgreementStatus,
    Instalment,
    Mechanism,
    PaymentPlan,
    PaymentPlanDefault,
    PaymentPlanKind,
)
from commissioning.agreements.selectors import offer_letter, payment_plan_default
from commissioning.agreements.services import instalment_pay, payment_plan_change
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError

from .factories import make_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_each_mechanism_has_its_shipped_default():
    kinds = {
        mechanism: payment_plan_default(mechanism, on=TODAY).kind  # type: ignore[union-attr]
        for mechanism in Mechanism.values
    }
    assert kinds == {
        Mechanism.GRANT: PaymentPlanKind.IN_ADVANCE,
        Mechanism.CONTRACT: PaymentPlanKind.IN_ARREARS,
        Mechanism.ACCREDITATION: PaymentPlanKind.PER_UNIT,
        Mechanism.PARTNERSHIP: PaymentPlanKind.CONTRIBUTIONS,
    }
    grant = payment_plan_default(Mechanism.GRANT, on=TODAY)
    assert (grant.interval_months, grant.single_payment_below) == (3, Decimal("10000.00"))  # type: ignore[union-attr]


def test_a_new_agreement_takes_the_default_in_effect_today(officer, organisation, fund):
    PaymentPlanDefault.objects.create(
        mechanism=Mechanism.GRANT, kind=PaymentPlanKind.IN_ADVANCE, interval_months=1, effective_from=TODAY
    )
    PaymentPlanDefault.objects.create(
        mechanism=Mechanism.GRANT,
        kind=PaymentPlanKind.IN_ARREARS,
        effective_from=TODAY + timedelta(days=30),
    )
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="12000", status="active"
    )
    plan = PaymentPlan.objects.get(agreement=agreement)
    assert (plan.kind, plan.interval_months, plan.single_payment_below) == (
        PaymentPlanKind.IN_ADVANCE,
        1,
        None,
    )
    assert agreement.instalments.count() == 12
    assert offer_letter(agreement).schedule == "in monthly instalments, each paid in advance"


def test_staff_change_the_plan_before_payments_start_and_the_schedule_follows(
    officer, cfo, organisation, fund
):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="12000", status="active"
    )
    assert agreement.instalments.count() == 4
    with pytest.raises(PermissionRefused):
        payment_plan_change(
            by=organisation_member(organisation), agreement=agreement, kind="in_arrears", interval_months=3
        )
    payment_plan_change(by=officer, agreement=agreement, kind=PaymentPlanKind.IN_ADVANCE, interval_months=6)
    assert list(agreement.instalments.values_list("due_on", flat=True)) == [
        date(2026, 4, 1),
        date(2026, 10, 1),
    ]
    assert sum(agreement.instalments.values_list("amount", flat=True)) == Decimal("12000.00")
    event = AuditEvent.objects.filter(record_type="agreements.paymentplan").order_by("-sequence").first()
    assert event is not None and event.action == "update"
    payment_plan_change(by=officer, agreement=agreement, kind=PaymentPlanKind.IN_ARREARS, interval_months=3)
    assert not agreement.instalments.exists()
    payment_plan_change(by=officer, agreement=agreement, kind=PaymentPlanKind.IN_ADVANCE, interval_months=3)
    instalment_pay(by=cfo, instalment=agreement.instalments.first(), paid_on=TODAY, reference="BACS 1")
    with pytest.raises(DomainError, match="Payments have started under this agreement"):
        payment_plan_change(
            by=officer, agreement=agreement, kind=PaymentPlanKind.IN_ARREARS, interval_months=3
        )


def organisation_member(organisation):
    from commissioning.accounts.models import User
    from commissioning.organisations.tests.factories import MembershipFactory

    user = User.objects.create_user(email="member@example.org", password="x", full_name="Member")
    MembershipFactory(organisation=organisation, user=user)
    return user


def test_plan_changes_are_checked(officer, organisation, fund):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund)
    for kwargs, message in (
        ({"kind": "barter", "interval_months": 3}, "Select how the agreement is paid"),
        ({"kind": "in_advance", "interval_months": 13}, "a whole number from 1 to 12"),
        ({"kind": "per_unit", "interval_months": 1}, "Enter what one unit is"),
        ({"kind": "per_unit", "interval_months": 1, "unit": "a visit"}, "Enter the price of one unit"),
        (
            {"kind": "per_unit", "interval_months": 1, "unit": "a visit", "unit_price": Decimal("0")},
            "The price of one unit must be more than £0",
        ),
        (
            {"kind": "in_advance", "interval_months": 3, "single_payment_below": Decimal("10000")},
            "Change how the agreement is paid, or go back",
        ),
    ):
        with pytest.raises(DomainError, match=message):
            payment_plan_change(by=officer, agreement=agreement, **kwargs)


def test_a_draft_keeps_no_schedule_until_it_starts(officer, organisation, fund):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, value="12000")
    payment_plan_change(by=officer, agreement=agreement, kind=PaymentPlanKind.IN_ADVANCE, interval_months=12)
    assert not Instalment.objects.filter(agreement=agreement).exists()
    assert agreement.status == AgreementStatus.DRAFT


def test_the_payment_plan_page(client_as, officer, organisation, fund, django_assert_max_num_queries):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="12000", status="active"
    )
    url = reverse("agreements:payment-plan", args=[agreement.pk])
    client = client_as(user=officer)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert "In advance by instalment" in response.content.decode()
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Change how it is paid" in detail
    response = client.post(url, {"kind": "in_advance", "interval_months": "20"})
    assert "The months between payments must be a whole number from 1 to 12" in response.content.decode()
    response = client.post(url, {"kind": "in_arrears", "interval_months": "1"})
    assert response.status_code == 302
    assert PaymentPlan.objects.get(agreement=agreement).kind == PaymentPlanKind.IN_ARREARS
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Record an invoice" in detail and "No invoices have been recorded" in detail
    assert client_as(Role.AUDITOR).get(url).status_code == 403
    assert client_as(Role.PROVIDER).get(url).status_code == 403
