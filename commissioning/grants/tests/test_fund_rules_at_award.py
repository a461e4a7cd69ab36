"""Fund rules wherever money is committed: a scheme and a decision name the fund purpose they serve, refused in the
rule's words when the ring-fence does not allow it; a one-off fund's second award to the same organisation within
its one-off period shows the earlier award and needs the decision-maker's reason."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement
from commissioning.core.errors import DomainError
from commissioning.finance.models import Commitment
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundPurposeFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.grants.models import ApplicationStatus, Decision, Scheme
from commissioning.grants.services.decisions import decision_make
from commissioning.grants.services.schemes import scheme_create, scheme_update
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories import fund_with_rules, scheme_with_criteria
from .test_decisions import LIMITS, moderated

pytestmark = pytest.mark.django_db

VICTIMS = ["Support services for victims of crime", "Restorative justice"]
REFUSAL = "The Victims Fund can only be spent on: Support services for victims of crime; Restorative justice"


@pytest.fixture
def limits(db):
    """The demo scheme of delegation."""
    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))


@pytest.fixture
def victims_fund(db):
    fund = fund_with_rules(code="VF", name="Victims Fund", ring_fenced_purposes=VICTIMS)
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("50000.00")
    )
    return fund


@pytest.fixture
def one_off_fund(db):
    fund = fund_with_rules(code="PCF", name="PCC Community Fund", one_off=True, one_off_period_months=12)
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("50000.00")
    )
    return fund


def _details(**overrides):
    now = timezone.now()
    return {
        "name": "Victims Fund 2026/27",
        "slug": "victims-fund-2026-27",
        "summary": "Services for victims of crime.",
        "guidance": "We fund services for victims.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        **overrides,
    }


def test_a_scheme_names_a_purpose_the_ring_fence_allows(make_user, victims_fund):
    officer = make_user(Role.COMMISSIONING_OFFICER)
    cctv = FundPurposeFactory(fund=victims_fund, name="CCTV cameras")
    for purpose in (None, cctv):
        with pytest.raises(DomainError) as refused:
            scheme_create(by=officer, fund=victims_fund, purpose=purpose, **_details())
        assert (refused.value.message, refused.value.field) == (REFUSAL, "purpose")
    other_fund = fund_with_rules(code="CSF", name="Community Safety Fund")
    elsewhere = FundPurposeFactory(fund=other_fund, name="Crime prevention")
    with pytest.raises(DomainError, match="Crime prevention is not a purpose of Victims Fund"):
        scheme_create(by=officer, fund=victims_fund, purpose=elsewhere, **_details())
    assert not Scheme.objects.exists()

    support = victims_fund.purposes.get(name=VICTIMS[0])
    scheme = scheme_create(by=officer, fund=victims_fund, purpose=support, **_details())
    assert scheme.purpose == support
    with pytest.raises(DomainError, match=REFUSAL):
        scheme_update(by=officer, scheme=scheme, purpose=cctv, **_details())
    # Left out, the purpose stays as it was.
    scheme_update(by=officer, scheme=scheme, **_details(summary="Services for victims."))
    scheme.refresh_from_db()
    assert scheme.purpose == support
    # A fund whose rules allow any purpose needs none named.
    assert scheme_create(by=officer, fund=other_fund, **_details(name="CSF", slug="csf")).purpose is None


def test_the_scheme_form_offers_the_funds_purposes_and_explains_a_refusal(client_as, victims_fund):
    client = client_as(Role.COMMISSIONING_OFFICER)
    url = reverse("grants-staff:scheme-create")
    page = client.get(url).content.decode()
    assert "Victims Fund: Restorative justice" in page
    today = timezone.localdate()
    later = today + timedelta(days=30)
    data = {
        "fund": victims_fund.pk,
        "name": "Victims Fund 2026/27",
        "slug": "victims-fund-2026-27",
        "summary": "Services for victims of crime.",
        "guidance": "We fund services for victims.",
        "opens_on_0": today.day,
        "opens_on_1": today.month,
        "opens_on_2": today.year,
        "opens_time": "9am",
        "closes_on_0": later.day,
        "closes_on_1": later.month,
        "closes_on_2": later.year,
        "closes_time": "12pm",
        "acceptance_period_days": "28",
        "purpose": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode() and REFUSAL in response.content.decode()
    assert not Scheme.objects.exists()
    response = client.post(url, {**data, "purpose": victims_fund.purposes.get(name=VICTIMS[1]).pk})
    assert response.status_code == 302
    assert Scheme.objects.get().purpose.name == "Restorative justice"


def test_a_decision_names_a_purpose_the_ring_fence_allows(limits, make_user, victims_fund):
    commissioner = make_user(Role.COMMISSIONER)
    scheme = scheme_with_criteria(fund=victims_fund, reference_prefix="VF")
    application = moderated(scheme)
    # The scheme names no purpose and none is chosen: the ring-fence refuses, and nothing is committed.
    with pytest.raises(DomainError) as refused:
        decision_make(by=commissioner, application=application, outcome="approve", reasons="Good")
    assert (refused.value.message, refused.value.field) == (REFUSAL, "purpose")
    with pytest.raises(DomainError, match=REFUSAL):
        decision_make(
            by=commissioner,
            application=application,
            outcome="approve",
            reasons="Good",
            purpose=FundPurposeFactory(fund=victims_fund, name="CCTV cameras"),
        )
    assert not Agreement.objects.exists() and not Commitment.objects.exists()
    # The scheme's purpose serves unless another is chosen; the commitment records it.
    scheme.purpose = victims_fund.purposes.get(name=VICTIMS[0])
    scheme.save()
    application.refresh_from_db()
    chosen = victims_fund.purposes.get(name=VICTIMS[1])
    decision = decision_make(
        by=commissioner, application=application, outcome="approve", reasons="Good", purpose=chosen
    )
    assert decision.purpose == chosen
    assert Commitment.objects.get().purpose == chosen
    # A decline commits nothing and names no purpose.
    declined = decision_make(by=commissioner, application=moderated(scheme), outcome="decline", reasons="No")
    assert declined.purpose is None


def test_a_second_award_from_a_one_off_fund_needs_a_reason(limits, make_user, one_off_fund):
    commissioner = make_user(Role.COMMISSIONER)
    scheme = scheme_with_criteria(fund=one_off_fund, reference_prefix="PCF")
    club = OrganisationFactory(name="Devizes Youth Boxing Club")
    first = decision_make(
        by=commissioner, application=moderated(scheme, organisation=club), outcome="approve", reasons="Good"
    )
    assert first.repeat_award_reason == ""
    second = moderated(scheme, organisation=club, amount="2000.00")
    with pytest.raises(DomainError) as refused:
        decision_make(by=commissioner, application=second, outcome="approve", reasons="Good again")
    assert refused.value.field == "repeat_award_reason"
    assert refused.value.message.startswith(
        "Devizes Youth Boxing Club was awarded £3,000 from PCC Community Fund on "
    )
    assert first.agreement.reference in refused.value.message
    assert "in the last 12 months is funded again only with a recorded reason" in refused.value.message
    assert Decision.objects.count() == 1
    second.refresh_from_db()
    assert second.status == ApplicationStatus.MODERATED
    # Another organisation needs no reason; a decline needs none either.
    decision_make(by=commissioner, application=moderated(scheme), outcome="approve", reasons="Good")
    again = decision_make(
        by=commissioner,
        application=second,
        outcome="approve",
        reasons="Good again",
        repeat_award_reason="The first grant paid for equipment; this one pays for the coach",
    )
    assert again.repeat_award_reason == "The first grant paid for equipment; this one pays for the coach"


def test_an_award_outside_the_one_off_period_needs_no_reason(limits, make_user, one_off_fund):
    commissioner = make_user(Role.COMMISSIONER)
    scheme = scheme_with_criteria(fund=one_off_fund, reference_prefix="PCF")
    club = OrganisationFactory()
    first = decision_make(
        by=commissioner, application=moderated(scheme, organisation=club), outcome="approve", reasons="Good"
    )
    Agreement.objects.filter(pk=first.agreement_id).update(created_at=timezone.now() - timedelta(days=400))
    decision = decision_make(
        by=commissioner, application=moderated(scheme, organisation=club), outcome="approve", reasons="Good"
    )
    assert decision.agreement is not None


def test_the_decision_page_shows_the_earlier_award_and_asks_why(
    limits,
    client_as,
    make_user,
    one_off_fund,
    django_assert_max_num_queries,
):
    commissioner = make_user(Role.COMMISSIONER)
    scheme = scheme_with_criteria(fund=one_off_fund, reference_prefix="PCF")
    club = OrganisationFactory(name="Devizes Youth Boxing Club")
    first = decision_make(
        by=commissioner, application=moderated(scheme, organisation=club), outcome="approve", reasons="Good"
    )
    second = moderated(scheme, organisation=club, amount="2000.00")
    client = client_as(user=commissioner)
    url = reverse("grants-staff:decision", args=[second.pk])
    client.get(url)  # what is cached between requests, cached
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Devizes Youth Boxing Club has been funded from PCC Community Fund before" in page
    assert first.agreement.reference in page and "£3,000" in page
    assert "Why fund this organisation again" in page
    response = client.post(url, {"outcome": "approve", "reasons": "Good again", "repeat_award_reason": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and "enter why it should be funded again" in content
    assert Decision.objects.count() == 1
    response = client.post(
        url, {"outcome": "approve", "reasons": "Good again", "repeat_award_reason": "A new project"}
    )
    assert response.status_code == 302
    assert Decision.objects.get(application=second).repeat_award_reason == "A new project"
