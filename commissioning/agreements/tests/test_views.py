from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.agreements.models import (
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementStatus,
    Instalment,
)
from commissioning.agreements.services import agreement_offer, offer_accept
from commissioning.finance.models import Commitment
from commissioning.finance.tests.factories import FundRulesFactory
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import make_agreement

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=28)


def offered(officer, organisation, fund, **kwargs):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, **kwargs)
    return agreement_offer(by=officer, agreement=agreement, respond_by=SOON)


# --- Staff list and page -----------------------------------------------------------------------------------------


def test_list_filters_and_searches(client_as, officer, fund, organisation):
    make_agreement(by=officer, organisation=organisation, fund=fund, title="Youth boxing club")
    other = make_agreement(
        by=officer,
        organisation=OrganisationFactory(name="Swindon Street Pastors"),
        fund=fund,
        title="Night patrols",
    )
    client = client_as(Role.AUDITOR)
    url = reverse("agreements:list")
    content = client.get(url).content.decode()
    assert "Youth boxing club" in content and "Night patrols" in content
    content = client.get(url, {"query": "pastors"}).content.decode()
    assert "Night patrols" in content and "Youth boxing club" not in content
    content = client.get(url, {"query": other.reference}).content.decode()
    assert "Night patrols" in content and "Youth boxing club" not in content
    content = client.get(url, {"status": "active"}).content.decode()
    assert "No agreements match these filters" in content
    content = client.get(url, {"status": "nonsense", "fund": "x"}).content.decode()
    assert "Select a status from the list" in content
    assert "Select a fund from the list" in content


def test_list_rows_show_each_agreement(client_as, officer, fund, organisation):
    funded = Agreement.objects.create(
        reference="GRANT-2026-0001",
        mechanism="grant",
        title="Youth <boxing> club",
        purpose="p",
        organisation=organisation,
        fund=fund,
        value=Decimal("12345.6"),
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        created_by=officer,
    )
    Agreement.objects.create(
        reference="PART-2026-0002",
        mechanism="partnership",
        title="Night patrols",
        purpose="p",
        organisation=organisation,
        value=Decimal("0"),
        starts_on=date(2026, 5, 1),
        ends_on=date(2027, 3, 31),
        created_by=officer,
        status=AgreementStatus.ACTIVE,
    )
    content = client_as(Role.AUDITOR).get(reverse("agreements:list")).content.decode()
    url = reverse("agreements:detail", args=[funded.pk])
    assert f'<a class="govuk-link app-nowrap" href="{url}">GRANT-2026-0001</a>' in content
    assert (
        f'Youth &lt;boxing&gt; club<span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{organisation.name} · Grant'
        in content
    )
    assert f'<td class="govuk-table__cell">{fund.name}</td>' in content
    assert '<td class="govuk-table__cell">None</td>' in content
    assert (
        '<span class="app-nowrap">1 Apr 2026</span> to <span class="app-nowrap">31 Mar 2027</span>' in content
    )
    assert '<strong class="govuk-tag govuk-tag--green">Active</strong>' in content
    assert "£12,345.60" in content


def test_list_query_count_is_bounded_and_pages(client_as, officer, fund, django_assert_max_num_queries):
    organisations = [OrganisationFactory() for _ in range(5)]
    for n in range(60):
        Agreement.objects.create(
            reference=f"GRANT-2026-{n:04d}",
            mechanism="grant",
            title=f"Project {n}",
            purpose="p",
            organisation=organisations[n % 5],
            fund=fund,
            value=Decimal("100"),
            starts_on=date(2026, 4, 1) + timedelta(days=n),
            ends_on=date(2027, 3, 31),
            created_by=officer,
        )
    client = client_as(Role.COMMISSIONING_OFFICER)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("agreements:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Project 59" in content  # newest start date first
    assert "page 1 of 3" in content
    with django_assert_max_num_queries(10):
        response = client.get(reverse("agreements:list"), {"page": "3", "fund": fund.pk})
    assert "Project 0" in response.content.decode()


def test_a_long_list_is_counted_only_so_far(client_as, officer, fund, monkeypatch):
    from commissioning.core import paging

    monkeypatch.setattr(paging, "DEFAULT_CAP", 20)
    organisation = OrganisationFactory()
    for n in range(60):
        Agreement.objects.create(
            reference=f"GRANT-2026-{n:04d}",
            mechanism="grant",
            title=f"Project {n}",
            purpose="p",
            organisation=organisation,
            fund=fund,
            value=Decimal("100"),
            starts_on=date(2026, 4, 1) + timedelta(days=n),
            ends_on=date(2027, 3, 31),
            created_by=officer,
        )
    client = client_as(Role.COMMISSIONING_OFFICER)
    content = client.get(reverse("agreements:list")).content.decode()
    # Counted to the end of the page asked for (25 a page), no further.
    assert "page 1 (more than 25 agreements)" in content
    # The pages past the cap are still there, to the last.
    content = client.get(reverse("agreements:list"), {"page": "3"}).content.decode()
    assert "Project 0<" in content and "Project 9<" in content and "Project 10<" not in content
    assert "page 3 of 3" in content


def test_list_for_roles(client_as):
    assert client_as(Role.PROVIDER).get(reverse("agreements:list")).status_code == 403
    assert client_as(Role.ASSESSOR).get(reverse("agreements:list")).status_code == 403
    assert client_as(Role.PARTNER_ADMINISTRATOR).get(reverse("agreements:list")).status_code == 200


def test_partner_administrator_sees_only_their_funds_agreements(
    make_user, client_as, officer, fund, organisation
):
    foundation = OrganisationFactory(name="Community Foundation")
    FundRulesFactory(fund=fund, administering_organisation=foundation)
    theirs = make_agreement(by=officer, organisation=organisation, fund=fund, title="Theirs")
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    MembershipFactory(organisation=foundation, user=partner, is_administrator=True)
    client = client_as(user=partner)
    assert client.get(reverse("agreements:detail", args=[theirs.pk])).status_code == 200
    other_partner = make_user(Role.PARTNER_ADMINISTRATOR)
    MembershipFactory(organisation=OrganisationFactory(), user=other_partner)
    assert (
        client_as(user=other_partner).get(reverse("agreements:detail", args=[theirs.pk])).status_code == 404
    )
    assert "Theirs" not in client_as(user=other_partner).get(reverse("agreements:list")).content.decode()


def test_detail_shows_money_schedule_and_history(
    client_as, officer, cfo, fund, organisation, provider, django_assert_max_num_queries
):
    agreement = offered(
        officer, organisation, fund, value="15000.00", starts_on=date(2026, 10, 1), ends_on=date(2027, 9, 30)
    )
    offer_accept(by=provider, agreement=agreement, name="Pat Provider", role="Chair")
    client = client_as(user=cfo)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "2026/27" in content and "2027/28" in content
    assert "Record payment" in content
    assert "Accepted by Pat Provider, Chair" in content
    assert "Offered to Active" in content
    assert "History" in content
    # The officer sees the schedule but cannot record payments.
    content = client_as(user=officer).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Record payment" not in content and "Not paid" in content


def test_detail_query_count_does_not_grow_with_instalments(
    client_as, officer, fund, organisation, django_assert_max_num_queries
):
    small = make_agreement(by=officer, organisation=organisation, fund=fund, value="5000", status="active")
    big = make_agreement(
        by=officer,
        organisation=organisation,
        fund=fund,
        value="30000",
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
        status="active",
    )
    for _ in range(3):
        AgreementParty.objects.create(agreement=big, organisation=OrganisationFactory(), role="partner")
    client = client_as(Role.AUDITOR)
    client.get(reverse("agreements:detail", args=[small.pk]))  # what is cached between requests, cached
    with django_assert_max_num_queries(20) as small_queries:
        client.get(reverse("agreements:detail", args=[small.pk]))
    with django_assert_max_num_queries(20) as big_queries:
        client.get(reverse("agreements:detail", args=[big.pk]))
    assert big.instalments.count() == 12
    assert len(big_queries) == len(small_queries)


def test_declined_reason_shows_on_the_agreement_page(client_as, officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    client_as(user=provider).post(
        reverse("my-agreements:offer", args=[agreement.pk]),
        {"decline-name": "Pat", "decline-role": "Chair", "decline-reason": "We merged with another club"},
    )
    content = client_as(Role.AUDITOR).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Why the offer was declined" in content
    assert "We merged with another club" in content


def test_staff_404_for_missing_agreement(client_as):
    assert client_as(Role.AUDITOR).get(reverse("agreements:detail", args=[999999])).status_code == 404


# --- Recording a payment -----------------------------------------------------------------------------------------


def test_cfo_records_a_payment(client_as, officer, cfo, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="4000", status="active"
    )
    url = reverse("agreements:instalment-pay", args=[agreement.pk, 1])
    client = client_as(user=cfo)
    assert client.get(url).status_code == 200
    response = client.post(url, {"paid_on_0": "", "reference": ""})
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the date paid" in content and "Enter the payment reference" in content
    today = timezone.localdate()
    response = client.post(
        url,
        {"paid_on_0": today.day, "paid_on_1": today.month, "paid_on_2": today.year, "reference": "BACS 42"},
    )
    assert response.status_code == 302
    assert Instalment.objects.get(agreement=agreement).payment.reference == "BACS 42"
    response = client.post(
        url, {"paid_on_0": today.day, "paid_on_1": today.month, "paid_on_2": today.year, "reference": "again"}
    )
    assert "was paid on" in response.content.decode()


def test_payment_page_refused_to_other_roles(client_as, officer, fund, organisation):
    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="4000", status="active"
    )
    url = reverse("agreements:instalment-pay", args=[agreement.pk, 1])
    assert client_as(Role.COMMISSIONING_OFFICER).get(url).status_code == 403
    assert client_as(Role.PROVIDER).get(url).status_code == 403
    assert (
        client_as(Role.CHIEF_FINANCE_OFFICER)
        .get(reverse("agreements:instalment-pay", args=[agreement.pk, 9]))
        .status_code
        == 404
    )


# --- Withdraw and vary -------------------------------------------------------------------------------------------


def test_officer_withdraws_an_offer(client_as, officer, fund, organisation):
    agreement = offered(officer, organisation, fund)
    client = client_as(user=officer)
    url = reverse("agreements:withdraw", args=[agreement.pk])
    assert "Enter why the offer is being withdrawn" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Not answered in time"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.WITHDRAWN
    assert not Commitment.objects.filter(status=Commitment.Status.ACTIVE).exists()
    # Withdrawing again is refused with the reason, not a server error.
    assert (
        "was withdrawn, so it cannot be withdrawn" in client.post(url, {"reason": "again"}).content.decode()
    )
    assert client_as(Role.AUDITOR).get(url).status_code == 403


def test_officer_varies_an_agreement(client_as, officer, fund, organisation):
    agreement = make_agreement(by=officer, organisation=organisation, fund=fund, status="active")
    client = client_as(user=officer)
    url = reverse("agreements:vary", args=[agreement.pk])
    assert client.get(url).status_code == 200
    content = client.post(
        url,
        {
            "ends_on_0": "1",
            "ends_on_1": "1",
            "ends_on_2": "2020",
            "reason": "x",
            "value": "5000",
            "conditions": "",
        },
    ).content.decode()
    assert "The end date must be on or after the start date" in content
    response = client.post(
        url,
        {
            "ends_on_0": "28",
            "ends_on_1": "2",
            "ends_on_2": "2027",
            "value": "5,000.00",
            "conditions": "Report monthly",
            "reason": "Delayed start",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.ends_on, agreement.conditions) == (date(2027, 2, 28), "Report monthly")
    assert "Delayed start" in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()


# --- Provider pages ----------------------------------------------------------------------------------------------


def test_provider_sees_own_offers_but_not_drafts(client_as, officer, fund, organisation, provider):
    offer = offered(officer, organisation, fund, title="Offered one")
    make_agreement(by=officer, organisation=organisation, fund=fund, title="Still a draft")
    client = client_as(user=provider)
    content = client.get(reverse("my-agreements:list")).content.decode()
    assert "Offered one" in content and "Still a draft" not in content
    assert "Waiting for your answer" in content
    content = client.get(reverse("my-agreements:offer", args=[offer.pk])).content.decode()
    assert "Offer of funding: Offered one" in content
    assert "£5,000.00" in content
    assert "Accept the offer" in content and "Decline the offer" in content


def test_provider_list_query_count(
    client_as, officer, fund, organisation, provider, django_assert_max_num_queries
):
    for n in range(30):
        offered(officer, organisation, fund, value="10", title=f"Offer {n}")
    client = client_as(user=provider)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my-agreements:list"))
    assert "Offer 29" in response.content.decode()


def test_another_organisation_gets_404_on_offer_and_pdf(
    client_as, officer, fund, organisation, other_provider
):
    agreement = offered(officer, organisation, fund)
    draft = make_agreement(by=officer, organisation=organisation, fund=fund)
    client = client_as(user=other_provider)
    for name in ("my-agreements:offer", "my-agreements:offer-pdf"):
        assert client.get(reverse(name, args=[agreement.pk])).status_code == 404
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    response = client.post(
        reverse("my-agreements:offer", args=[agreement.pk]),
        {"accept-name": "X", "accept-role": "Y", "accept-confirm": "on"},
    )
    assert response.status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OFFERED
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 403


def test_staff_cannot_use_provider_pages(client_as, officer, fund, organisation):
    agreement = offered(officer, organisation, fund)
    assert client_as(user=officer).get(reverse("my-agreements:offer", args=[agreement.pk])).status_code == 403


def test_provider_accepts_through_the_page(client_as, officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    client = client_as(user=provider)
    url = reverse("my-agreements:offer", args=[agreement.pk])
    content = client.post(url, {"accept-name": "", "accept-role": ""}).content.decode()
    assert "There is a problem" in content
    assert "Enter your full name" in content
    assert "Enter your role or job title" in content
    assert "Confirm that you may accept the offer" in content
    response = client.post(
        url, {"accept-name": "Pat Provider", "accept-role": "Chair", "accept-confirm": "on"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    content = client.get(url).content.decode()
    assert "You accepted this offer" in content
    assert "Accept the offer" not in content


def test_provider_cannot_accept_after_respond_by(client_as, officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    Acceptance.objects.filter(agreement=agreement).update(respond_by=timezone.localdate() - timedelta(days=1))
    response = client_as(user=provider).post(
        reverse("my-agreements:offer", args=[agreement.pk]),
        {"accept-name": "Pat", "accept-role": "Chair", "accept-confirm": "on"},
    )
    assert response.status_code == 200
    assert "This offer had to be accepted by" in response.content.decode()


def test_provider_declines_through_the_page(client_as, officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund)
    client = client_as(user=provider)
    url = reverse("my-agreements:offer", args=[agreement.pk])
    content = client.post(
        url, {"decline-name": "Pat", "decline-role": "Chair", "decline-reason": ""}
    ).content.decode()
    assert "Enter why you are declining the offer" in content
    assert (
        client.post(
            url, {"decline-name": "Pat", "decline-role": "Chair", "decline-reason": "No longer needed"}
        ).status_code
        == 302
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DECLINED
    assert "No longer needed" in client.get(url).content.decode()


def test_offer_pdf(client_as, officer, fund, organisation, provider):
    agreement = offered(officer, organisation, fund, conditions="Send a report in March\nCredit the fund")
    response = client_as(user=provider).get(reverse("my-agreements:offer-pdf", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert agreement.reference in response["Content-Disposition"]


def test_the_page_looks_for_variations_only_when_there_are_some(client_as, officer, fund, organisation):
    from commissioning.agreements.services import variation_make

    agreement = make_agreement(
        by=officer, organisation=organisation, fund=fund, value="5000", status="active"
    )
    client = client_as(Role.AUDITOR)
    url = reverse("agreements:detail", args=[agreement.pk])
    client.get(url)  # what is cached between requests, cached
    with CaptureQueriesContext(connection) as without:
        content = client.get(url).content.decode()
    assert "No variations have been made." in content
    assert not any(query["sql"].startswith('SELECT "agreements_variation"') for query in without)
    variation_make(
        by=officer, agreement=agreement, reason="Extra sessions agreed", conditions="Run 12 sessions"
    )
    with CaptureQueriesContext(connection) as with_one:
        content = client.get(url).content.decode()
    assert "Extra sessions agreed" in content
    assert len(with_one) == len(without) + 1
