"""The agreements demo: a contract drawing on two funds, paid in arrears against invoices (one paid, one waiting
for approval); a second run writes nothing."""

from importlib import import_module

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.agreements.models import Agreement, Invoice, InvoiceStatus, PaymentPlanKind
from commissioning.audit.models import AuditEvent
from commissioning.core.actors import DEMO_LOADER
from commissioning.devtools.demo import agreements as demo
from commissioning.devtools.demo.accounts import load as load_accounts
from commissioning.finance.models import Payment

pytestmark = pytest.mark.django_db

APPS = ["core", "plans", "organisations", "finance", "governance", "agreements"]


def _load_all() -> User:
    administrator = load_accounts(by=DEMO_LOADER)
    for app in APPS:
        import_module(f"commissioning.devtools.demo.{app}").load(by=administrator)
    return administrator


def test_the_demo_has_a_two_fund_contract_paid_in_arrears_and_loads_twice_unchanged(client):
    administrator = _load_all()
    agreement = Agreement.objects.get(source_type=demo.DEMO_SOURCE, source_id=demo.POOLED_KEY)
    assert set(agreement.funding.values_list("fund__code", flat=True)) == {"VF", "CSF"}
    assert agreement.funding.count() == 4
    assert agreement.payment_plan.kind == PaymentPlanKind.IN_ARREARS
    statuses = dict(Invoice.objects.filter(agreement=agreement).values_list("number", "status"))
    assert statuses == {1: InvoiceStatus.PAID, 2: InvoiceStatus.RECEIVED}
    paid = Payment.objects.filter(invoice_payment__invoice__agreement=agreement)
    assert {payment.commitment.allocation.fund.code for payment in paid} == {"VF", "CSF"}

    counts = (AuditEvent.objects.count(), Invoice.objects.count(), Payment.objects.count())
    import_module("commissioning.devtools.demo.agreements").load(by=administrator)
    assert (AuditEvent.objects.count(), Invoice.objects.count(), Payment.objects.count()) == counts

    client.force_login(User.objects.get(email="cfo@example.org"))
    content = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Victims Fund" in content and "WDAS-0102" in content
