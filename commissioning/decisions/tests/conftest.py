from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.decisions.models import Confidentiality, DecisionRecord
from commissioning.decisions.services import decision_approve, decision_create, decision_publish
from commissioning.governance.models import DelegatedLimit

LIMITS = [
    (Role.COMMISSIONING_OFFICER, Decimal("5000.00")),
    (Role.CHIEF_EXECUTIVE, Decimal("25000.00")),
    (Role.CHIEF_FINANCE_OFFICER, Decimal("100000.00")),
    (Role.COMMISSIONER, None),
]
SECRET = "Zanzibarquokka"


@pytest.fixture
def limits(db: Any) -> None:
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def commissioner(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.COMMISSIONER, full_name="Connie Commissioner")


@pytest.fixture
def chief_executive(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.CHIEF_EXECUTIVE, full_name="Chris Executive")


def draft(by: User, **values: Any) -> DecisionRecord:
    defaults: dict[str, Any] = {
        "title": "Extend the victim care service",
        "summary": "A one-year extension of the victim care service.",
        "decision": "To extend the contract for one year.",
        "amount": Decimal("40000.00"),
        "confidentiality": Confidentiality.PUBLIC,
    }
    return decision_create(by=by, **{**defaults, **values})


def published(by: User, decider: User, **values: Any) -> DecisionRecord:
    record = decision_approve(by=decider, record=draft(by, **values))
    return decision_publish(by=decider, record=record)


@pytest.fixture
def exempt_and_part_exempt(officer: User, commissioner: User) -> tuple[DecisionRecord, DecisionRecord]:
    """A published exempt decision and a published part-exempt one, each holding SECRET only where it is withheld."""
    exempt = published(
        officer,
        commissioner,
        title=f"Covert tactics {SECRET}",
        summary=f"Summary {SECRET}",
        decision=f"Decision {SECRET}",
        background=f"Background {SECRET}",
        confidentiality=Confidentiality.EXEMPT,
        exemption="foi-31",
    )
    part = published(
        officer,
        commissioner,
        title="Refuge accommodation",
        summary="More refuge places for women and children.",
        confidentiality=Confidentiality.PART_EXEMPT,
        exemption="lga-12a-1",
        exempt_part=f"The refuge is at 12 {SECRET} Road.",
    )
    return exempt, part
