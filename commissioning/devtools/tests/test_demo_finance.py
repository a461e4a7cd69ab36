from decimal import Decimal

import pytest

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.devtools.demo import finance as demo
from commissioning.finance.models import Commitment, Fund, FundingSource, Payment
from commissioning.finance.rules import rules_breaches
from commissioning.finance.selectors import budget_positions, rules_for
from commissioning.finance.services import financial_year
from commissioning.organisations.models import Organisation
from commissioning.organisations.sectors import Sector

pytestmark = pytest.mark.django_db


def test_demo_loads_the_six_funds_and_a_second_run_changes_nothing(make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    foundation = Organisation.objects.create(name=demo.PPAF_ADMINISTRATOR_NAME, sector=Sector.CHARITY)
    demo.load(by=administrator)
    assert Fund.objects.count() == 6
    assert FundingSource.objects.count() == 4
    assert (
        FundingSource.objects.get(kind=FundingSource.Kind.RING_FENCED_GRANT).funds.get().name
        == "Victims Fund"
    )
    ppaf = Fund.objects.get(code="PPAF")
    rules = rules_for(ppaf)
    assert rules is not None
    assert rules.administering_organisation == foundation
    assert [breach.rule for breach in rules_breaches(rules, amount=Decimal("3500"))] == ["max_award"]
    assert rules_for(Fund.objects.get(code="PCF")).one_off

    positions = budget_positions(financial_year(2025))
    assert len(positions) == 6
    assert len({position.available for position in positions.values()}) == 6, "the positions differ"
    for position in positions.values():
        assert Decimal("0") <= position.paid <= position.committed <= position.allocated

    counts = (AuditEvent.objects.count(), Commitment.objects.count(), Payment.objects.count())
    demo.load(by=administrator)
    assert (AuditEvent.objects.count(), Commitment.objects.count(), Payment.objects.count()) == counts


def test_demo_leaves_the_administrator_empty_without_the_foundation(make_user):
    demo.load(by=make_user(Role.ADMINISTRATOR))
    assert rules_for(Fund.objects.get(code="PPAF")).administering_organisation is None
