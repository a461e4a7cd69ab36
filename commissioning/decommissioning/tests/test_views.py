"""Every decommissioning page through HTTP: the list and its filters, starting from the agreement's page, writing
each part, proposing, the decision page (remaining value and who may decide), the provider's page, the public
decisions list filtered to decommissioning decisions, and query counts with many rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.decommissioning.models import Decommissioning, DecommissioningStatus, Kind, Reason
from commissioning.decommissioning.services import decommissioning_propose
from commissioning.organisations.tests.factories import OrganisationFactory

from .conftest import complete, notice_dates, report

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_the_agreement_page_offers_a_proposal_and_the_journey_to_a_decision(
    client_as, officer, commissioner, agreement, provider
):
    officer_client = client_as(user=officer)
    page = officer_client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    start_url = reverse("decommissioning:start", args=[agreement.pk])
    assert start_url in page and "Propose decommissioning" in page

    # Start: a bad choice is refused with a message, nothing saved.
    response = officer_client.post(start_url, {"kind": "end", "reason": "nonsense"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Decommissioning.objects.exists()
    response = officer_client.post(start_url, {"kind": "end", "reason": Reason.ANOTHER_PROVIDER})
    d = Decommissioning.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "decommissioning:detail", args=[d.pk]
    )

    # The page shows why it cannot go forward: no report on record.
    page = officer_client.get(response["Location"]).content.decode()
    assert "There is no monitoring report on record for" in page
    assert "Enter the impact on service users" in page

    part = lambda name: reverse("decommissioning:part", args=[d.pk, name])  # noqa: E731
    assert (
        officer_client.post(part("impact"), {"service_user_impact": "", "equality_impact": ""}).status_code
        == 200
    )
    officer_client.post(
        part("impact"), {"service_user_impact": "Forty people", "equality_impact": "Older victims"}
    )
    officer_client.post(part("transition"), {"people_supported": "38", "transition_plan": "To the hub"})
    notice_on, ends_on = notice_dates()
    short = officer_client.post(
        part("notice"), {**_date("notice_on", notice_on), **_date("ends_on", notice_on)}
    )
    assert "The notice must be at least 3 months: the earliest end date is" in short.content.decode()
    officer_client.post(part("notice"), {**_date("notice_on", notice_on), **_date("ends_on", ends_on)})
    d.refresh_from_db()
    assert (d.people_supported, d.ends_on) == (38, ends_on)

    # Proposing without a report is refused with the reason; with one it goes forward and the report is shown.
    move = lambda to: reverse("decommissioning:move", args=[d.pk, to])  # noqa: E731
    refused = officer_client.post(move("proposed"), {"reason": ""})
    assert "There is no monitoring report on record" in refused.content.decode()
    returns = report(agreement, count=2)
    assert officer_client.post(move("proposed"), {"reason": ""}).status_code == 302
    page = officer_client.get(reverse("decommissioning:detail", args=[d.pk])).content.decode()
    assert "Monitoring report cited" in page and f"Return {returns[-1].number}" in page
    assert "Reasons for return 2" in page and "£12,000.00" in page

    # The provider sees it on its own pages and responds.
    provider_client = client_as(user=provider)
    offer_page = provider_client.get(reverse("my-agreements:offer", args=[agreement.pk])).content.decode()
    provider_url = reverse("my-decommissioning:detail", args=[d.pk])
    assert provider_url in offer_page
    assert provider_client.post(provider_url, {"response": "We will help people move"}).status_code == 302
    d.refresh_from_db()
    assert d.provider_response == "We will help people move"

    # An officer above their limit sees it on the decision page and is refused; the Commissioner decides.
    other = client_as(Role.COMMISSIONING_OFFICER)
    decision_page = other.get(move("decided")).content.decode()
    assert "£80,000.00" in decision_page and "which does not cover it" in decision_page
    assert "The Commissioner (no limit)" in decision_page
    refused = other.post(move("decided"), {"reason": "", "confidentiality": "public"})
    assert "Your delegated limit is £5,000" in refused.content.decode()
    decided = client_as(user=commissioner).post(move("decided"), {"reason": "", "confidentiality": "public"})
    assert decided.status_code == 302
    d.refresh_from_db()
    assert d.status == DecommissioningStatus.DECIDED

    # The public finds the decision among decommissioning decisions.
    public = client_as().get(reverse("public-decisions:list"), {"about": "decommissioning"}).content.decode()
    assert d.decision_record.reference in public
    everything_else = (
        client_as().get(reverse("public-decisions:list"), {"about": "nonsense"}).content.decode()
    )
    assert "Select what the decisions are about from the list" in everything_else


def test_the_proposer_is_not_offered_the_decision(client_as, officer, agreement, draft):
    report(agreement)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    response = client_as(user=officer).get(reverse("decommissioning:move", args=[draft.pk, "decided"]))
    assert response.status_code == 404


def test_pages_are_for_staff_and_parts_for_officers(client_as, draft, provider):
    detail = reverse("decommissioning:detail", args=[draft.pk])
    assert client_as(Role.AUDITOR).get(detail).status_code == 200
    assert (
        client_as(Role.AUDITOR).get(reverse("decommissioning:part", args=[draft.pk, "impact"])).status_code
        == 403
    )
    assert client_as(user=provider).get(detail).status_code == 403
    # A draft is not yet the provider's to see.
    assert (
        client_as(user=provider).get(reverse("my-decommissioning:detail", args=[draft.pk])).status_code == 404
    )
    assert (
        client_as(Role.COMMISSIONING_OFFICER)
        .get(reverse("decommissioning:part", args=[draft.pk, "nonsense"]))
        .status_code
        == 404
    )


def _many(officer, count: int) -> None:
    organisations = [OrganisationFactory.create(name=f"Provider {n}") for n in range(count)]
    agreements = Agreement.objects.bulk_create(
        Agreement(
            reference=f"CON-1999-{n:04d}",
            mechanism="contract",
            title=f"Service {n}",
            purpose="p",
            organisation=organisations[n],
            value=Decimal("1000"),
            starts_on=date(2026, 4, 1),
            ends_on=date(2028, 3, 31),
            status=AgreementStatus.ACTIVE,
            created_by=officer,
        )
        for n in range(count)
    )
    Decommissioning.objects.bulk_create(
        Decommissioning(
            reference=f"DECOM-1999-{n:04d}",
            agreement=agreement,
            kind=Kind.END,
            reason=Reason.FUNDING if n % 2 else Reason.NOT_REQUIRED,
            created_by=officer,
        )
        for n, agreement in enumerate(agreements)
    )


def test_the_list_filters_and_its_queries_are_bounded(client_as, officer, django_assert_max_num_queries):
    _many(officer, 40)
    client = client_as(Role.AUDITOR)
    url = reverse("decommissioning:list")
    with django_assert_max_num_queries(10):
        content = client.get(url).content.decode()
    assert content.count("DECOM-1999-") == 25
    with django_assert_max_num_queries(10):
        content = client.get(url, {"page": "2"}).content.decode()
    assert "page 2 of 2" in content and content.count("DECOM-1999-") == 15
    with django_assert_max_num_queries(10):
        content = client.get(url, {"reason": Reason.FUNDING}).content.decode()
    assert content.count("DECOM-1999-") == 20
    content = client.get(url, {"status": "decided"}).content.decode()
    assert "No proposals match these filters" in content
    assert "Select a status from the list" in client.get(url, {"status": "nonsense"}).content.decode()


def test_the_proposal_page_queries_are_bounded(
    client_as, officer, agreement, draft, django_assert_max_num_queries
):
    report(agreement, count=4)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    _many(officer, 30)
    client = client_as(user=officer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("decommissioning:detail", args=[draft.pk]))
    assert response.status_code == 200


def test_the_decision_and_provider_pages_queries_are_bounded(
    client_as, officer, commissioner, provider, agreement, draft, django_assert_max_num_queries
):
    report(agreement, count=4)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    _many(officer, 30)
    with django_assert_max_num_queries(30):
        page = client_as(user=commissioner).get(reverse("decommissioning:move", args=[draft.pk, "decided"]))
    assert page.status_code == 200 and "which covers it" in page.content.decode()
    with django_assert_max_num_queries(30):
        page = client_as(user=provider).get(reverse("my-decommissioning:detail", args=[draft.pk]))
    assert page.status_code == 200 and "Your response" in page.content.decode()
    with django_assert_max_num_queries(30):
        page = client_as(user=officer).get(reverse("decommissioning:response", args=[draft.pk]))
    assert page.status_code == 200


def test_the_dashboard_shows_proposals_to_decide_and_drafts_to_finish(
    client_as, officer, commissioner, agreement, draft
):
    page = client_as(user=officer).get(reverse("dashboard:home")).content.decode()
    assert "Your draft decommissioning proposals" in page
    report(agreement)
    complete(draft, by=officer)
    decommissioning_propose(by=officer, decommissioning=draft)
    page = client_as(user=commissioner).get(reverse("dashboard:home")).content.decode()
    assert "Decommissioning proposals to decide" in page
    page = client_as(user=officer).get(reverse("dashboard:home")).content.decode()
    assert "Decommissioning proposals to decide" not in page  # the proposer does not decide it


def test_the_equality_impact_assessment_as_a_document(client_as, officer, draft, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_as(user=officer)
    url = reverse("decommissioning:part", args=[draft.pk, "impact"])
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    fake = SimpleUploadedFile(
        "eia.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    refused = client.post(
        url, {"service_user_impact": "Forty", "equality_impact": "Older", "equality_document": fake}
    )
    assert (
        "The selected file must be a PDF, Word document, spreadsheet, image or text file"
        in refused.content.decode()
    )
    draft.refresh_from_db()
    assert not draft.equality_document and draft.service_user_impact == ""
    document = SimpleUploadedFile(
        "eia.txt", b"Equality impact assessment\nOlder victims", content_type="text/plain"
    )
    saved = client.post(
        url, {"service_user_impact": "Forty", "equality_impact": "Older", "equality_document": document}
    )
    assert saved.status_code == 302
    page = client.get(reverse("decommissioning:detail", args=[draft.pk])).content.decode()
    assert "Download the assessment (eia.txt)" in page
    download = client_as(Role.AUDITOR).get(reverse("decommissioning:equality-document", args=[draft.pk]))
    assert download.status_code == 200 and b"Older victims" in b"".join(download.streaming_content)
    assert "attachment" in download["Content-Disposition"]


def test_the_assessment_document_is_for_staff_only(client_as, draft, provider):
    url = reverse("decommissioning:equality-document", args=[draft.pk])
    assert client_as(Role.AUDITOR).get(url).status_code == 404  # no document yet
    assert client_as(user=provider).get(url).status_code == 403
