"""Services (active agreements) and feedback ready to test."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus, Mechanism
from commissioning.agreements.services import agreement_create
from commissioning.feedback.models import Feedback


def make_service(
    *,
    by: Any,
    organisation: Any,
    title: str = "Youth boxing club",
    status: str = AgreementStatus.ACTIVE,
) -> Agreement:
    return agreement_create(
        by=by,
        mechanism=Mechanism.CONTRACT,
        title=title,
        purpose="Evening sessions for young people",
        organisation=organisation,
        fund=None,
        priorities=[],
        value=Decimal("5000.00"),
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        status=status,
    )


def many_services(*, by: Any, organisation: Any, count: int, status: str = AgreementStatus.ACTIVE) -> None:
    """Rows straight into the table: agreement_create's payment schedule and audit are not what these tests need."""
    Agreement.objects.bulk_create(
        Agreement(
            reference=f"BULK-{status}-{n:06d}",
            mechanism=Mechanism.GRANT,
            title=f"Service {n:06d}",
            purpose="Bulk",
            organisation=organisation,
            value=Decimal("1000.00"),
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
            status=status,
            created_by=by,
        )
        for n in range(count)
    )


def many_feedback(*, agreement: Agreement, count: int, **fields: Any) -> None:
    Feedback.objects.bulk_create(
        Feedback(
            agreement=agreement,
            what_happened=f"Feedback {n}",
            consent_to_use=True,
            received_at=timezone.now(),
            **fields,
        )
        for n in range(count)
    )
