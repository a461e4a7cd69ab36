"""Two people approving the same application at the same moment on a SQLite file named in DATABASE_URL: one
decision is made and the other is refused in plain words, never "database is locked" (issue 10, point 11)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement
from commissioning.core.testing import race, sqlite_file_database
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.grants.models import Application, ApplicationStatus, Decision
from commissioning.grants.services.decisions import decision_make
from commissioning.plans.tests.factories import PriorityFactory

from .factories import scheme_with_criteria, submitted_application

ROUNDS = 3


@pytest.mark.xdist_group("concurrency")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_approvals_on_a_sqlite_file_end_in_one_decision_and_one_refusal(make_user, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip(
            "the same race on PostgreSQL is test_decisions.test_concurrent_approvals_never_over_commit"
        )
    DelegatedLimit.objects.create(role=Role.COMMISSIONER, max_amount=None, effective_from=date(2017, 4, 1))
    fund = FundFactory(name="Race Fund", code="RACE")
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("10000.00")
    )
    scheme = scheme_with_criteria(fund=fund)
    applications = [
        submitted_application(
            scheme=scheme,
            status=ApplicationStatus.MODERATED,
            amount_requested=Decimal("1000.00"),
            priorities=[PriorityFactory()],
            starts_on=date(2026, 5, 1),
            ends_on=date(2027, 3, 31),
        )
        for _ in range(ROUNDS)
    ]
    deciders = [make_user(Role.COMMISSIONER), make_user(Role.COMMISSIONER)]

    def approve(job: tuple[int, int]) -> int:
        decider, application_pk = job
        application = Application.objects.get(pk=application_pk)  # read through this thread's own connection
        decision_make(
            by=deciders[decider], application=application, outcome=Decision.Outcome.APPROVE, reasons="Good"
        )
        return decider

    def journal_mode(_: object) -> str:
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            return str(cursor.fetchone()[0])

    with sqlite_file_database(tmp_path / "commissioning.sqlite3") as config:
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert race(journal_mode, [None]).successes == ["wal"], "the threads use the file, in WAL mode"
        outcomes = [race(approve, [(0, application.pk), (1, application.pk)]) for application in applications]

    for outcome in outcomes:
        assert outcome.unexpected == [], "no 'database is locked' and no other error"
        assert len(outcome.successes) == 1
        assert [refusal.message for refusal in outcome.refusals] == [
            "A decision has already been made on this application"
        ]
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.APPROVED
        assert Decision.objects.filter(application=application).count() == 1
    assert Agreement.objects.count() == ROUNDS
    assert budget_position(fund, financial_year(2026)).committed == Decimal("1000.00") * ROUNDS
