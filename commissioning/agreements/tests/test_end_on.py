"""Bringing an active agreement's end forward after notice (`agreement_end_on`): a variation of its end date and
value, the money for after the new end released from the last year backwards, never what has been paid; and
`remaining_values`, what each agreement has still to pay."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.selectors import remaining_values
from commissioning.agreements.services import agreement_end_on, instalment_pay, offer_withdraw
from commissioning.core.errors import DomainError, InvalidTransition
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year

from .factories import make_agreement

pytestmark = pytest.mark.django_db


def test_the_end_comes_forward_and_the_later_years_money_goes_back(officer, cfo, fund, organisation):
    # £20,000 from 1 April 2025 to 31 March 2028: about a third in each of three financial years.
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="20000.00",
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
        status=AgreementStatus.ACTIVE,
    )
    assert remaining_values([agreement.pk]) == {agreement.pk: Decimal("20000.00")}
    first = agreement.instalments.order_by("number").first()
    instalment_pay(by=cfo, instalment=first, paid_on=date(2025, 4, 2), reference="BACS-1")
    variation = agreement_end_on(
        by=officer, agreement=agreement, ends_on=date(2027, 3, 31), reason="Decommissioned: notice given"
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == date(2027, 3, 31)
    assert agreement.status == AgreementStatus.ACTIVE
    kept_days, all_days = (
        (date(2027, 3, 31) - date(2025, 4, 1)).days + 1,
        (date(2028, 3, 31) - date(2025, 4, 1)).days + 1,
    )
    assert agreement.value == (Decimal("20000.00") * kept_days / all_days).quantize(
        Decimal("0.01"), rounding="ROUND_DOWN"
    )
    assert budget_position(fund, financial_year(2027)).committed == 0
    assert variation.before["ends_on"] == "2028-03-31" and variation.after["ends_on"] == "2027-03-31"
    assert remaining_values([agreement.pk])[agreement.pk] == agreement.value - first.amount
    assert not agreement.instalments.filter(due_on__gt=date(2027, 3, 31)).exists()


def test_the_end_must_fall_within_the_agreement_and_it_must_be_active(officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    with pytest.raises(DomainError, match="The end date must be between"):
        agreement_end_on(by=officer, agreement=agreement, ends_on=date(2030, 1, 1), reason="Notice")
    with pytest.raises(DomainError, match="The agreement already ends on"):
        agreement_end_on(by=officer, agreement=agreement, ends_on=agreement.ends_on, reason="Notice")
    with pytest.raises(DomainError, match="Enter why the agreement is being ended"):
        agreement_end_on(by=officer, agreement=agreement, ends_on=date(2026, 9, 30), reason="")
    draft = make_agreement(by=officer, organisation=organisation, fund=fund)
    offer_withdraw(by=officer, agreement=draft, reason="Not needed")
    with pytest.raises(InvalidTransition, match="its end cannot be brought forward"):
        agreement_end_on(by=officer, agreement=draft, ends_on=date(2026, 9, 30), reason="Notice")
