"""The demo scheme of delegation: a commissioning officer up to £5,000, the Chief Executive up to £25,000, the
Chief Finance Officer up to £100,000 and the Commissioner with no limit, from 1 April 2017.

Idempotent: a row is added only when its role has none from that date; nothing else is written."""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from commissioning.accounts.roles import Role
from commissioning.core.actors import Actor
from commissioning.governance.models import DelegatedLimit
from commissioning.governance.services import delegated_limit_add

EFFECTIVE_FROM = date(2017, 4, 1)


class DemoLimit(NamedTuple):
    role: str
    max_amount: Decimal | None  # None: no limit


LIMITS = [
    DemoLimit(role=Role.COMMISSIONING_OFFICER, max_amount=Decimal("5000.00")),
    DemoLimit(role=Role.CHIEF_EXECUTIVE, max_amount=Decimal("25000.00")),
    DemoLimit(role=Role.CHIEF_FINANCE_OFFICER, max_amount=Decimal("100000.00")),
    DemoLimit(role=Role.COMMISSIONER, max_amount=None),
]


def load(*, by: Actor) -> None:
    for role, max_amount in LIMITS:
        if not DelegatedLimit.objects.filter(role=role, effective_from=EFFECTIVE_FROM).exists():
            delegated_limit_add(by=by, role=role, max_amount=max_amount, effective_from=EFFECTIVE_FROM)
