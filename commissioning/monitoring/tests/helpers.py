"""Active agreements with monitoring plans, made through the agreements service (no fund, so no money rules)."""

from datetime import date
from typing import Any

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.tests.factories import make_agreement


def active_agreement(
    *, by: Any, organisation: Any, value: str, starts_on: date, ends_on: date, **kwargs: Any
) -> Agreement:
    return make_agreement(
        by=by,
        organisation=organisation,
        fund=None,
        value=value,
        starts_on=starts_on,
        ends_on=ends_on,
        status=AgreementStatus.ACTIVE,
        **kwargs,
    )
