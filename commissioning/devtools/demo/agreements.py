"""The agreements demo: one contract drawing on two funds and paid in arrears against invoices.

A domestic abuse support service funded from the Victims Fund and the Community Safety Fund over 2025/26 and
2026/27 (so four funding lines: each fund's share in each year), paid in arrears against the provider's quarterly
invoices. The first quarter's invoice has been approved and paid; the second waits for approval. It is recorded by
the commissioning officer and approved and paid by the Chief Finance Officer (whoever records an invoice does not
approve it).

Idempotent: the agreement is found again by its demo key, and each invoice by its number, so a second run writes
nothing.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from commissioning.accounts.models import User
from commissioning.agreements.models import (
    Agreement,
    AgreementStatus,
    Invoice,
    InvoiceStatus,
    Mechanism,
    PaymentPlanKind,
)
from commissioning.agreements.selectors import payment_plan_of
from commissioning.agreements.services import (
    FundShare,
    agreement_create,
    invoice_approve,
    invoice_pay,
    invoice_record,
    payment_plan_change,
)
from commissioning.core.actors import Actor
from commissioning.finance.models import Fund
from commissioning.organisations.models import Organisation
from commissioning.plans.models import Priority

DEMO_SOURCE = "agreements.demo"
POOLED_KEY = "domestic-abuse-pooled"
ORGANISATION = "Wiltshire Domestic Abuse Support CIO"
SHARES = (("VF", "60000.00"), ("CSF", "36000.00"))
STARTS_ON, ENDS_ON = date(2025, 4, 1), date(2027, 3, 31)
OFFICER, FINANCE_OFFICER = "officer@example.org", "cfo@example.org"


# number, reference, period, received on, amount, where it ends up
INVOICES = [
    (1, "WDAS-0101", date(2025, 4, 1), date(2025, 6, 30), date(2025, 7, 7), "12000.00", InvoiceStatus.PAID),
    (
        2,
        "WDAS-0102",
        date(2025, 7, 1),
        date(2025, 9, 30),
        date(2025, 10, 6),
        "12000.00",
        InvoiceStatus.RECEIVED,
    ),
]


def _person(email: str, by: Actor) -> Any:
    return User.objects.filter(email=email, is_active=True).first() or by


def _pooled_contract(*, by: Actor) -> Agreement | None:
    existing = Agreement.objects.filter(source_type=DEMO_SOURCE, source_id=POOLED_KEY).first()
    if existing is not None:
        return existing
    funds = {fund.code: fund for fund in Fund.objects.filter(code__in=[code for code, _ in SHARES])}
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    if organisation is None or len(funds) < len(SHARES):
        return None
    priorities = Priority.objects.filter(title__icontains="vulnerable").order_by("pk")[:1]
    return agreement_create(
        by=by,
        mechanism=Mechanism.CONTRACT,
        title="Domestic abuse outreach and refuge support",
        purpose="Outreach workers and refuge support for victims of domestic abuse across Wiltshire and Swindon, "
        "jointly funded by the Victims Fund and the Community Safety Fund.",
        organisation=organisation,
        fund=None,
        funding=[FundShare(funds[code], Decimal(amount)) for code, amount in SHARES],
        priorities=list(priorities),
        value=sum((Decimal(amount) for _, amount in SHARES), Decimal(0)),
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        conditions="As set out in the signed contract. Invoice quarterly in arrears.",
        source_type=DEMO_SOURCE,
        source_id=POOLED_KEY,
        status=AgreementStatus.ACTIVE,
    )


def load(*, by: Actor) -> None:
    agreement = _pooled_contract(by=by)
    if agreement is None:
        return
    if payment_plan_of(agreement).kind != PaymentPlanKind.IN_ARREARS and not agreement.invoices.exists():
        payment_plan_change(by=by, agreement=agreement, kind=PaymentPlanKind.IN_ARREARS, interval_months=3)
    officer, finance = _person(OFFICER, by), _person(FINANCE_OFFICER, by)
    for number, reference, period_start, period_end, received_on, amount, outcome in INVOICES:
        invoice = Invoice.objects.filter(agreement=agreement, number=number).first()
        if invoice is None:
            invoice = invoice_record(
                by=officer,
                agreement=agreement,
                reference=reference,
                period_start=period_start,
                period_end=period_end,
                received_on=received_on,
                amount=Decimal(amount),
            )
        if outcome == InvoiceStatus.RECEIVED or finance.pk == officer.pk:
            continue
        if invoice.status == InvoiceStatus.RECEIVED:
            invoice = invoice_approve(by=finance, invoice=invoice)
        if invoice.status == InvoiceStatus.APPROVED and outcome == InvoiceStatus.PAID:
            invoice_pay(by=finance, invoice=invoice, paid_on=date(2025, 7, 21), reference=f"BACS {reference}")
