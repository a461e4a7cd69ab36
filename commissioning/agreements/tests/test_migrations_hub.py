"""The hub's data migrations, both ways: AgreementFunding rows become funding lines of the same fund, year and
amount (so every budget position stays as it was); the offer and answer columns move to Acceptance records and
back; every agreement already made gets the plan it was paid under (in advance by instalment)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Acceptance, FundingLine, PaymentPlan, PaymentPlanKind
from commissioning.finance.models import Allocation
from commissioning.finance.selectors import counted_totals
from commissioning.finance.tests.factories import FundFactory
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import allocate, make_agreement

BEFORE = ("agreements", "0006_delete_agreementstatuschange")


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _positions() -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    return {
        allocation.pk: (allocation.amount, allocation.committed_total, allocation.paid_total)
        for allocation in Allocation.objects.all()
    }


@pytest.mark.django_db(transaction=True)
def test_funding_acceptance_and_plans_migrate_and_back(make_user):
    officer = make_user(Role.COMMISSIONING_OFFICER, email="olive@example.org")
    provider = make_user(Role.PROVIDER, email="pat@example.org")
    fund = FundFactory(name="Community Safety Fund", code="CSF")
    for start_year in (2025, 2026, 2027):
        allocate(fund, start_year, "20000.00")
    agreement = make_agreement(
        by=officer,
        organisation=OrganisationFactory(),
        fund=fund,
        value="36500.00",
        starts_on=date(2026, 10, 1),
        ends_on=date(2027, 9, 30),
    )
    positions = _positions()
    lines = {
        line.commitment_id: (line.fund_id, line.financial_year_id, line.amount)
        for line in FundingLine.objects.all()
    }
    assert len(lines) == 2

    executor = _migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Agreement = old.get_model("agreements", "Agreement")
    Agreement.objects.filter(pk=agreement.pk).update(
        offered_on=date(2026, 9, 1),
        respond_by=date(2026, 9, 29),
        response_name="Pat Provider",
        response_role="Chair",
        response_on=date(2026, 9, 5),
        response_by_id=provider.pk,
    )
    assert old.get_model("agreements", "AgreementFunding").objects.count() == 2

    executor = _migrate(executor.loader.graph.leaf_nodes())
    assert {
        line.commitment_id: (line.fund_id, line.financial_year_id, line.amount)
        for line in FundingLine.objects.all()
    } == lines
    assert _positions() == positions
    counted = counted_totals()
    assert {pk: (p.allocated, p.committed, p.paid) for pk, p in counted.items()} == positions
    acceptance = Acceptance.objects.get(agreement_id=agreement.pk)
    assert (
        acceptance.offered_on,
        acceptance.respond_by,
        acceptance.name,
        acceptance.role,
        acceptance.answered_on,
        acceptance.answered_by_id,
        acceptance.decline_reason,
    ) == (date(2026, 9, 1), date(2026, 9, 29), "Pat Provider", "Chair", date(2026, 9, 5), provider.pk, "")
    plan = PaymentPlan.objects.get(agreement_id=agreement.pk)
    assert (plan.kind, plan.interval_months, plan.single_payment_below) == (
        PaymentPlanKind.IN_ADVANCE,
        3,
        Decimal("10000.00"),
    )

    executor = _migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    row = old.get_model("agreements", "Agreement").objects.get(pk=agreement.pk)
    assert (row.offered_on, row.response_name, row.response_on, row.response_by_id) == (
        date(2026, 9, 1),
        "Pat Provider",
        date(2026, 9, 5),
        provider.pk,
    )
    assert old.get_model("agreements", "AgreementFunding").objects.count() == 2
    _migrate(executor.loader.graph.leaf_nodes())
    assert Acceptance.objects.count() == 1 and FundingLine.objects.count() == 2
