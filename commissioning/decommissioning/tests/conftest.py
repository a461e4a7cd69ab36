"""An active agreement with money in three financial years, a monitoring plan, a provider, and the demo's scheme of
delegation; helpers to give it monitoring reports on record and to fill a proposal's parts."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.tests.conftest import LIMITS
from commissioning.agreements.tests.factories import allocate, make_agreement
from commissioning.core.dates import add_months
from commissioning.decommissioning.models import Decommissioning, Kind, Reason
from commissioning.decommissioning.services import decommissioning_start, decommissioning_update
from commissioning.finance import years
from commissioning.finance.tests.factories import FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.monitoring.models import MonitoringReturn, Rating, ReturnStatus

# The monitoring tests' organisation and its provider (a member who may send its returns).
from commissioning.monitoring.tests.conftest import organisation, provider  # noqa: F401


@pytest.fixture
def limits(db: Any) -> None:
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def officer(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def other_officer(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Owen Officer")


@pytest.fixture
def commissioner(make_user: Callable[..., User], limits: None) -> User:
    return make_user(Role.COMMISSIONER, full_name="Connie Commissioner")


def this_year() -> int:
    return years.start_year_of(timezone.localdate())


@pytest.fixture
def fund(db: Any) -> Any:
    """A fund with £100,000 in each of last year, this year and the next two financial years."""
    fund: Any = FundFactory(name="Victims Fund", code="VF")
    for start_year in range(this_year() - 1, this_year() + 3):
        allocate(fund, start_year, "100000.00")
    return fund


@pytest.fixture
def agreement(officer: User, organisation: Any, fund: Any) -> Agreement:  # noqa: F811 (the imported fixture)
    """£80,000 over four financial years (last, this and the next two), active, with its monitoring plan."""
    start = this_year() - 1
    return make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="80000.00",
        starts_on=years.starts_on(start),
        ends_on=years.ends_on(start + 3),
        status=AgreementStatus.ACTIVE,
        title="Victim care service",
    )


def report(agreement: Agreement, *, count: int = 1, rating: str = Rating.AMBER) -> list[MonitoringReturn]:
    """The first `count` returns of the agreement on record: sent by the provider and reviewed with a rating,
    written straight to the table (monitoring's services are tested there)."""
    done = list(agreement.monitoring_plan.returns.order_by("number")[:count])
    for r in done:
        r.status = ReturnStatus.REVIEWED
        r.rating = rating
        r.rating_reasons = f"Reasons for return {r.number}"
        r.spend_to_date = Decimal("12000.00")
        r.submitted_at = r.reviewed_at = timezone.now()
    MonitoringReturn.objects.bulk_update(
        done, ["status", "rating", "rating_reasons", "spend_to_date", "submitted_at", "reviewed_at"]
    )
    return done


def notice_dates(months: int = 4) -> tuple[date, date]:
    today = timezone.localdate()
    return today, add_months(today, months)


def complete(d: Decommissioning, *, by: Any, months: int = 4) -> Decommissioning:
    """Fill every part of the proposal (notice given today, ending `months` later)."""
    decommissioning_update(
        by=by,
        decommissioning=d,
        part="impact",
        service_user_impact="About 40 people a year would be referred elsewhere",
        equality_impact="Older victims are most affected; the new service covers them",
    )
    decommissioning_update(
        by=by,
        decommissioning=d,
        part="transition",
        people_supported=38,
        transition_plan="Each person is handed to the county victim hub with their consent",
        assets="Two laptops returned",
        data_handling="Case records passed to the hub under the data sharing agreement",
    )
    notice_on, ends_on = notice_dates(months)
    decommissioning_update(by=by, decommissioning=d, part="notice", notice_on=notice_on, ends_on=ends_on)
    return d


@pytest.fixture
def draft(officer: User, agreement: Agreement) -> Decommissioning:
    return decommissioning_start(by=officer, agreement=agreement, kind=Kind.END, reason=Reason.FUNDING)


def later(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
