"""Variations go through the scheme of delegation and the fund's rules: a change of value is a decision on the new
total (a delegated limit that covers it, a draft decision record above the body's threshold), the fund's rules are
checked again (the ring-fence included), and a value may be reduced, giving the money back from the last financial
year backwards."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.agreements.models import AgreementStatus, Variation
from commissioning.agreements.services import instalment_pay, variation_make
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.core.models import CommissioningBody
from commissioning.decisions.models import DecisionRecord
from commissioning.finance.models import Commitment
from commissioning.finance.rules import RuleFacts
from commissioning.finance.selectors import budget_position
from commissioning.finance.services import financial_year, fund_rules_add
from commissioning.finance.tests.factories import FundRulesFactory

from .factories import make_agreement

pytestmark = pytest.mark.django_db


def _committed(fund, *start_years):
    return [budget_position(fund, financial_year(start_year)).committed for start_year in start_years]


def test_an_officer_cannot_vary_a_value_past_their_limit_and_the_refusal_names_who_may(
    limits, officer, commissioner, fund, organisation
):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    with pytest.raises(DomainError) as refused:
        variation_make(by=officer, agreement=agreement, reason="More sessions", value=Decimal("6000.00"))
    assert refused.value.field == "value"
    assert refused.value.message == (
        "Your delegated limit is £5,000. A decision on £6,000 must be made by someone whose limit covers it: "
        "the Chief Executive (up to £25,000), the Chief Finance Officer (up to £100,000) or the Commissioner "
        "(no limit)."
    )
    agreement.refresh_from_db()
    assert agreement.value == Decimal("5000.00")
    assert not Variation.objects.exists()
    assert _committed(fund, 2026) == [Decimal("5000.00")]
    # Within the limit (a reduction is a decision on the new total too), and by someone whose limit covers it.
    variation_make(by=officer, agreement=agreement, reason="Fewer sessions", value=Decimal("4500.00"))
    variation_make(by=commissioner, agreement=agreement, reason="More sessions", value=Decimal("6000.00"))
    agreement.refresh_from_db()
    assert agreement.value == Decimal("6000.00")


def test_an_administrator_without_a_delegated_limit_cannot_vary_a_value(
    limits, officer, fund, organisation, admin_user
):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    with pytest.raises(DomainError, match="You have no delegated authority to make funding decisions"):
        variation_make(by=admin_user, agreement=agreement, reason="More", value=Decimal("5100.00"))
    # Terms that are not money need no delegated authority.
    variation_make(
        by=admin_user, agreement=agreement, reason="Quarterly reports", conditions="Report quarterly"
    )


def test_a_reduction_gives_money_back_from_the_last_year_backwards(limits, officer, fund, organisation, cfo):
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="4000.00",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 6, 30),
        status=AgreementStatus.ACTIVE,
    )
    before = _committed(fund, 2025, 2026, 2027)
    assert sum(before) == Decimal("4000.00") and all(before)
    first = agreement.instalments.order_by("number").first()
    instalment_pay(by=cfo, instalment=first, paid_on=timezone.localdate(), reference="BACS-1")

    # Less than the last year's share: only the last year gives money back.
    variation_make(
        by=officer, agreement=agreement, reason="Summer sessions cancelled", value=Decimal("3900.00")
    )
    assert _committed(fund, 2025, 2026, 2027) == [before[0], before[1], before[2] - Decimal("100.00")]

    # More than is left of the last year: it is released whole and the year before gives back the rest.
    cut = before[2] - Decimal("100.00") + Decimal("250.00")
    variation_make(
        by=officer, agreement=agreement, reason="Decommissioned from June", value=Decimal("3900") - cut
    )
    assert _committed(fund, 2025, 2026, 2027) == [before[0], before[1] - Decimal("250.00"), Decimal("0.00")]
    last_year = Commitment.objects.get(allocation__financial_year__start_year=2027)
    assert last_year.status == Commitment.Status.RELEASED
    agreement.refresh_from_db()
    assert agreement.value == sum(_committed(fund, 2025, 2026, 2027))
    # The unpaid instalments shrink to match; the paid one stays as it was.
    assert sum(row.amount for row in agreement.instalments.all()) == agreement.value
    first.refresh_from_db()
    assert first.is_paid and first.amount == before[0]
    assert AuditEvent.objects.filter(action="reduce", record_type="finance.commitment").exists()
    # Never below what has been paid.
    with pytest.raises(DomainError, match="cannot be reduced below the £"):
        variation_make(by=officer, agreement=agreement, reason="Less", value=before[0] - Decimal("1"))


def test_above_the_threshold_a_variation_of_value_drafts_a_decision_record(
    limits, officer, commissioner, fund, organisation
):
    CommissioningBody.objects.create(
        name="Office of the Police and Crime Commissioner for Somewhere",
        short_name="OPCC",
        grant_identifier_prefix="360G-somewhere",
        organisation_identifier="GB-GOR-PC000999",
        decision_record_threshold=Decimal("10000.00"),
    )
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    below = variation_make(
        by=commissioner, agreement=agreement, reason="A little more", value=Decimal("9000")
    )
    assert not DecisionRecord.objects.filter(source_id=str(below.pk)).exists()
    variation_make(by=commissioner, agreement=agreement, reason="Conditions", conditions="Report monthly")
    above = variation_make(
        by=commissioner, agreement=agreement, reason="A second site", value=Decimal("12000")
    )
    record = DecisionRecord.objects.get()
    assert (record.source_type, record.source_id) == ("agreements.variation", str(above.pk))
    assert record.status == "draft"
    assert record.amount == Decimal("12000.00")
    assert agreement.reference in record.title
    assert "from £9,000 to £12,000" in record.decision


def test_a_variation_breaking_a_fund_rule_is_refused_in_the_rules_words(
    limits, officer, commissioner, fund, organisation
):
    FundRulesFactory(fund=fund, max_award=Decimal("6000.00"), max_duration_months=12)
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    with pytest.raises(DomainError) as refused:
        variation_make(by=commissioner, agreement=agreement, reason="Far more", value=Decimal("8000.00"))
    assert refused.value.message == "The Community Safety Fund gives £6,000 or less; £8,000 was asked for"
    assert refused.value.field == "value"
    with pytest.raises(DomainError, match="no more than 12 months; 14 months was asked for") as refused:
        variation_make(by=commissioner, agreement=agreement, reason="Longer", ends_on=date(2027, 5, 31))
    assert refused.value.field == "ends_on"
    agreement.refresh_from_db()
    assert (agreement.value, agreement.ends_on) == (Decimal("5000.00"), date(2027, 3, 31))
    assert _committed(fund, 2026, 2027) == [Decimal("5000.00"), Decimal("0.00")]
    assert not Variation.objects.exists()


def test_a_variation_checks_the_ring_fence_against_the_agreements_purpose(
    limits, officer, commissioner, cfo, fund, organisation
):
    FundRulesFactory(fund=fund, ring_fenced_purposes=["Youth diversion", "Crime prevention"])
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        status=AgreementStatus.ACTIVE,
        rule_facts=RuleFacts(purpose="Youth diversion"),
    )
    assert agreement.funding.get().commitment.purpose.name == "Youth diversion"
    variation_make(by=commissioner, agreement=agreement, reason="More", value=Decimal("5500.00"))
    # From today the fund's money is ring-fenced to crime prevention only.
    fund_rules_add(
        by=cfo,
        fund=fund,
        effective_from=timezone.localdate(),
        eligible_sectors=[],
        min_award=None,
        max_award=None,
        max_duration_months=None,
        one_off=False,
        ring_fenced_purposes=["Crime prevention"],
    )
    with pytest.raises(
        DomainError, match="^The Community Safety Fund can only be spent on: Crime prevention$"
    ):
        variation_make(by=commissioner, agreement=agreement, reason="More again", value=Decimal("6000.00"))
    agreement.refresh_from_db()
    assert agreement.value == Decimal("5500.00")


def test_the_variation_page_explains_a_refusal_and_saves_nothing(
    limits, client_as, officer, fund, organisation, django_assert_max_num_queries
):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    client = client_as(user=officer)
    url = reverse("agreements:vary", args=[agreement.pk])
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    events = AuditEvent.objects.count()
    ends = agreement.ends_on
    response = client.post(
        url,
        {
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
            "value": "£6,000",
            "conditions": "",
            "reason": "More sessions",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Your delegated limit is £5,000. A decision on £6,000 must be made by someone" in content
    agreement.refresh_from_db()
    assert agreement.value == Decimal("5000.00")
    assert not Variation.objects.exists()
    assert AuditEvent.objects.count() == events
    assert _committed(fund, 2026) == [Decimal("5000.00")]


def test_the_variation_page_reduces_an_active_agreement(limits, client_as, officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, status=AgreementStatus.ACTIVE
    )
    client = client_as(user=officer)
    url = reverse("agreements:vary", args=[agreement.pk])
    assert "can be increased or reduced" in client.get(url).content.decode()
    ends = agreement.ends_on + timedelta(days=0)
    response = client.post(
        url,
        {
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
            "value": "3,000",
            "conditions": "",
            "reason": "Decommissioned in part",
        },
    )
    assert response.status_code == 302
    assert _committed(fund, 2026) == [Decimal("3000.00")]
