"""Staff pages through HTTP: who may see and act, the list's filters and search, drafting with messages for bad
input, approval within the limit, publishing, query bounds."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.decisions.models import Confidentiality, DecisionRecord, DecisionStatus
from commissioning.decisions.services import decision_approve

from .conftest import SECRET, draft, published

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Fund a new youth diversion scheme",
    "summary": "A two-year scheme in Swindon.",
    "background": "Youth violence has risen.",
    "options_considered": "Do nothing; fund the scheme.",
    "financial_implications": "£60,000 from the Community Safety Fund.",
    "amount": "£60,000",
    "decision": "To fund the scheme for two years.",
    "declarations_of_interest": "None",
    "confidentiality": "public",
    "exemption": "",
    "exempt_part": "",
}


@pytest.mark.parametrize(
    "role",
    [
        Role.ADMINISTRATOR,
        Role.COMMISSIONER,
        Role.CHIEF_EXECUTIVE,
        Role.CHIEF_FINANCE_OFFICER,
        Role.COMMISSIONING_OFFICER,
        Role.AUDITOR,
    ],
)
def test_everyone_who_reads_all_records_reads_the_list_and_a_record(client_as, officer, role):
    record = draft(officer)
    client = client_as(role)
    assert client.get(reverse("decisions:list")).status_code == 200
    page = client.get(reverse("decisions:detail", args=[record.pk]))
    assert page.status_code == 200
    assert record.title in page.content.decode()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.PARTNER_ADMINISTRATOR, Role.PROVIDER])
def test_other_roles_are_refused(client_as, officer, role):
    record = draft(officer)
    client = client_as(role)
    for name, args in [("list", []), ("detail", [record.pk]), ("create", []), ("approve", [record.pk])]:
        assert client.get(reverse(f"decisions:{name}", args=args)).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, officer):
    record = draft(officer)
    response = client.get(reverse("decisions:detail", args=[record.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_missing_record_is_not_found(client_as):
    assert client_as(Role.AUDITOR).get(reverse("decisions:detail", args=[999999])).status_code == 404


def test_an_officer_drafts_a_record_and_sees_it_with_its_history(client_as, officer):
    client = client_as(user=officer)
    assert client.get(reverse("decisions:create")).status_code == 200
    response = client.post(reverse("decisions:create"), FORM)
    record = DecisionRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "decisions:detail", args=[record.pk]
    )
    assert record.amount == Decimal("60000.00") and record.created_by == officer
    page = client.get(response["Location"]).content.decode()
    assert record.reference in page and "History" in page and "Draft" in page
    assert "Change the draft" in page and "Approve" not in page.split("History")[0].split("</h1>")[1]


def test_bad_input_is_explained_and_nothing_is_saved(client_as, officer):
    response = client_as(user=officer).post(
        reverse("decisions:create"),
        {**FORM, "title": "", "amount": "lots", "confidentiality": "part_exempt", "exemption": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the title of the decision" in html
    assert "Amount must be an amount of money" in html
    assert not DecisionRecord.objects.exists()


def test_a_part_exempt_draft_without_its_exemption_is_explained(client_as, officer):
    response = client_as(user=officer).post(
        reverse("decisions:create"), {**FORM, "confidentiality": "part_exempt", "exemption": ""}
    )
    assert response.status_code == 200
    assert "Select the exemption that allows the information to be withheld" in response.content.decode()
    assert not DecisionRecord.objects.exists()


def test_hostile_input_is_shown_as_text(client_as, officer):
    client = client_as(user=officer)
    client.post(reverse("decisions:create"), {**FORM, "title": "<script>alert(1)</script>"})
    record = DecisionRecord.objects.get()
    html = client.get(reverse("decisions:detail", args=[record.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_an_officer_edits_a_draft_but_not_an_approved_record(client_as, officer, commissioner):
    record = draft(officer)
    client = client_as(user=officer)
    response = client.post(reverse("decisions:edit", args=[record.pk]), {**FORM, "title": "A better title"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "A better title"
    decision_approve(by=commissioner, record=record)
    assert client.get(reverse("decisions:edit", args=[record.pk])).status_code == 403


def test_an_auditor_cannot_draft_or_edit(client_as, officer):
    record = draft(officer)
    auditor = client_as(Role.AUDITOR)
    assert auditor.post(reverse("decisions:create"), FORM).status_code == 403
    assert auditor.post(reverse("decisions:edit", args=[record.pk]), FORM).status_code == 403


def test_approval_beyond_the_limit_is_refused_with_the_reason_and_the_commissioner_approves(
    client_as, officer, chief_executive, commissioner
):
    record = draft(officer, amount=Decimal("40000.00"))
    today = timezone.localdate()
    date_fields = {"decided_on_0": today.day, "decided_on_1": today.month, "decided_on_2": today.year}
    refused = client_as(user=chief_executive).post(
        reverse("decisions:approve", args=[record.pk]), date_fields
    )
    assert refused.status_code == 200
    assert "Your delegated limit is £25,000" in refused.content.decode()
    record.refresh_from_db()
    assert record.status == DecisionStatus.DRAFT
    client = client_as(user=commissioner)
    assert "Approve" in client.get(reverse("decisions:detail", args=[record.pk])).content.decode()
    approved = client.post(reverse("decisions:approve", args=[record.pk]), date_fields)
    assert approved.status_code == 302
    record.refresh_from_db()
    assert record.status == DecisionStatus.APPROVED and record.decision_maker == commissioner


def test_an_impossible_date_is_explained(client_as, officer, commissioner):
    record = draft(officer)
    response = client_as(user=commissioner).post(
        reverse("decisions:approve", args=[record.pk]),
        {"decided_on_0": "31", "decided_on_1": "2", "decided_on_2": "2026"},
    )
    assert response.status_code == 200
    assert "The date of the decision must be a real date" in response.content.decode()


def test_publishing_a_draft_is_refused_with_a_message_and_an_approved_one_is_published(
    client_as, officer, commissioner
):
    record = draft(officer)
    client = client_as(user=commissioner)
    refused = client.post(reverse("decisions:publish", args=[record.pk]), {})
    assert refused.status_code == 200
    assert "it must be approved first" in refused.content.decode()
    decision_approve(by=commissioner, record=record)
    assert client.post(reverse("decisions:publish", args=[record.pk]), {}).status_code == 302
    record.refresh_from_db()
    assert record.status == DecisionStatus.PUBLISHED and record.published_at is not None
    page = client.get(reverse("decisions:detail", args=[record.pk])).content.decode()
    assert reverse("public-decisions:detail", args=[record.slug]) in page


def test_staff_see_the_withheld_part(client_as, exempt_and_part_exempt):
    _, part = exempt_and_part_exempt
    html = client_as(Role.AUDITOR).get(reverse("decisions:detail", args=[part.pk])).content.decode()
    assert SECRET in html and "Withheld from the public" in html


def test_the_list_filters_and_searches(client_as, officer, commissioner, exempt_and_part_exempt):
    draft(officer, title="Street lighting in Trowbridge")
    client = client_as(Role.AUDITOR)
    url = reverse("decisions:list")
    html = client.get(url, {"query": "trowbridge"}).content.decode()
    assert "Street lighting in Trowbridge" in html and "Refuge accommodation" not in html
    html = client.get(url, {"status": "published"}).content.decode()
    assert "Refuge accommodation" in html and "Street lighting" not in html
    html = client.get(url, {"confidentiality": "part_exempt"}).content.decode()
    assert "Refuge accommodation" in html and "Covert tactics" not in html
    year = DecisionRecord.objects.first().year  # type: ignore[union-attr]
    html = client.get(url, {"year": year, "query": f"{year}/00"}).content.decode()
    assert "Street lighting" in html and "Refuge accommodation" in html
    # Only years that have records are offered; another is explained, not an error.
    assert "Select a financial year from the list" in client.get(url, {"year": year + 1}).content.decode()
    html = client.get(url, {"query": "nothing like this"}).content.decode()
    assert "No decision records match these filters" in html


def test_bad_filters_get_messages_not_errors(client_as):
    response = client_as(Role.AUDITOR).get(
        reverse("decisions:list"), {"status": "lost", "year": "abc", "confidentiality": "<b>", "page": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a status from the list" in html
    assert "Select a financial year from the list" in html


def test_the_list_and_a_record_read_a_bounded_number_of_queries(
    client_as, officer, commissioner, django_assert_max_num_queries
):
    for n in range(60):
        record = (
            published(officer, commissioner, title=f"Decision number {n}") if n % 3 == 0 else draft(officer)
        )
    client = client_as(Role.AUDITOR)
    url = reverse("decisions:list")
    for query in ({}, {"page": "2"}, {"page": "3", "status": "draft"}, {"query": "number"}):
        with django_assert_max_num_queries(10):
            assert client.get(url, query).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("decisions:detail", args=[record.pk])).status_code == 200


def test_confidentiality_choices_on_the_form(client_as, officer):
    html = client_as(user=officer).get(reverse("decisions:create")).content.decode()
    for value in Confidentiality.values:
        assert f'value="{value}"' in html
