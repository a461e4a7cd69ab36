"""Commissioning intentions through HTTP: staff pages (who may read and write, adding projects with GOV.UK errors,
submitting, the decision's return and approval, publishing), the public pages, and query bounds."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.cycle.models import CommissioningIntentions, Intention, IntentionsStatus
from commissioning.cycle.services.intentions import intention_add, intentions_publish, intentions_submit
from commissioning.decisions.models import DecisionStatus
from commissioning.decisions.services import decision_approve
from commissioning.finance.selectors import current_start_year

from .needs_support import draft_intentions, item_values

pytestmark = pytest.mark.django_db
S = IntentionsStatus


@pytest.fixture
def year() -> int:
    return current_start_year()


def _item_form(choices, year, **values):
    data = {
        "title": "Detached youth work in the north",
        "description": "Youth workers on the streets three evenings a week.",
        "priorities": [str(choices[1].pk)],
        "indicative_value": "£85,000",
        "starts_on_0": "1",
        "starts_on_1": "9",
        "starts_on_2": str(year),
        "mechanism": "grant",
    }
    data.update(values)
    return data


def _published(officer, commissioner, priorities, year, **kwargs):
    intentions = draft_intentions(officer, priorities, year, **kwargs)
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    decision_approve(by=commissioner, record=intentions.decision)
    intentions.refresh_from_db()
    return intentions_publish(by=officer, intentions=intentions)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ASSESSOR, Role.COMMISSIONER, Role.PARTNER_ADMINISTRATOR])
def test_staff_who_are_not_officers_read_but_do_not_write(client_as, officer, priorities, year, role):
    intentions = draft_intentions(officer, priorities, year)
    item = intentions.items.get()
    client = client_as(role)
    assert client.get(reverse("intentions:list")).status_code == 200
    page = client.get(reverse("intentions:detail", args=[intentions.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Project 1" in html
    assert "Add a project" not in html and "Submit for decision" not in html
    for name, args in [
        ("start", []),
        ("summary", [intentions.pk]),
        ("item-add", [intentions.pk]),
        ("item-edit", [intentions.pk, item.pk]),
        ("item-remove", [intentions.pk, item.pk]),
        ("submit", [intentions.pk]),
    ]:
        assert client.post(reverse(f"intentions:{name}", args=args), {}).status_code == 403
    assert Intention.objects.count() == 1


def test_a_provider_and_the_public_are_refused_the_staff_pages(client, client_as, officer, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    provider = client_as(Role.PROVIDER)
    for url in (reverse("intentions:list"), reverse("intentions:detail", args=[intentions.pk])):
        assert provider.get(url).status_code == 403
        assert client.get(url).status_code == 302


def test_an_officer_starts_a_year_adds_changes_and_removes_projects(client_as, officer, priorities, year):
    client = client_as(user=officer)
    assert client.get(reverse("intentions:start")).status_code == 200
    response = client.post(reverse("intentions:start"), {"start_year": str(year), "summary": "Our plans"})
    intentions = CommissioningIntentions.objects.get()
    assert response["Location"] == reverse("intentions:detail", args=[intentions.pk])
    again = client.post(reverse("intentions:start"), {"start_year": str(year)})
    assert "Select a financial year from the list" in again.content.decode()
    response = client.post(reverse("intentions:item-add", args=[intentions.pk]), _item_form(priorities, year))
    assert response.status_code == 302
    item = intentions.items.get()
    assert item.indicative_value == Decimal("85000.00") and item.mechanism == "grant"
    page = client.get(reverse("intentions:detail", args=[intentions.pk])).content.decode()
    assert "Detached youth work in the north" in page and "£85,000.00" in page
    edit = reverse("intentions:item-edit", args=[intentions.pk, item.pk])
    assert "Youth workers on the streets" in client.get(edit).content.decode()
    client.post(edit, _item_form(priorities, year, indicative_value="90,000.50", mechanism=""))
    item.refresh_from_db()
    assert item.indicative_value == Decimal("90000.50") and item.mechanism == ""
    remove = reverse("intentions:item-remove", args=[intentions.pk, item.pk])
    assert "Remove Detached youth work" in client.get(remove).content.decode()
    assert client.post(remove, {}).status_code == 302
    assert not intentions.items.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": ""}, "Enter the title of the project"),
        ({"description": ""}, "Enter a description of the project"),
        ({"priorities": []}, "Select at least one priority the project is for"),
        ({"indicative_value": "lots"}, "Indicative value must be an amount of money, like 1,250.00"),
        ({"indicative_value": "0"}, "The indicative value must be more than £0"),
        ({"indicative_value": ""}, "Enter indicative value"),
        ({"starts_on_0": "31", "starts_on_1": "2"}, "The expected start must be a real date"),
        ({"starts_on_2": "2099"}, "The expected start must be in"),
        ({"mechanism": "barter"}, "Select the likely mechanism from the list"),
    ],
)
def test_bad_input_on_a_project_is_shown_and_nothing_typed_is_lost(
    client_as, officer, priorities, year, values, message
):
    intentions = draft_intentions(officer, priorities, year, items=0)
    response = client_as(user=officer).post(
        reverse("intentions:item-add", args=[intentions.pk]), _item_form(priorities, year, **values)
    )
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    assert "Youth workers on the streets three evenings a week." in html or values.get("description") == ""
    assert not intentions.items.exists()


def test_submit_then_return_then_approve_then_publish(client_as, officer, commissioner, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    client = client_as(user=officer)
    detail = reverse("intentions:detail", args=[intentions.pk])
    assert "Submit for decision" in client.get(detail).content.decode()
    assert client.post(reverse("intentions:submit", args=[intentions.pk]), {}).status_code == 302
    intentions.refresh_from_db()
    assert intentions.status == S.AWAITING_DECISION
    page = client.get(detail).content.decode()
    assert intentions.decision.reference in page and "Add a project" not in page
    assert client.get(reverse("intentions:item-add", args=[intentions.pk])).status_code == 403
    # The decision-maker returns it from the decision record's page, with a reason.
    decider = client_as(user=commissioner)
    record_page = decider.get(reverse("decisions:detail", args=[intentions.decision.pk])).content.decode()
    assert "Return without a decision" in record_page and "Commissioning intentions 20" in record_page
    empty = decider.post(reverse("decisions:return", args=[intentions.decision.pk]), {"reason": ""})
    assert "Enter why the decision is returned without a decision" in empty.content.decode()
    decider.post(
        reverse("decisions:return", args=[intentions.decision.pk]), {"reason": "Add the youth project."}
    )
    intentions.refresh_from_db()
    assert intentions.status == S.DRAFT and intentions.decision.status == DecisionStatus.RETURNED
    assert "Add the youth project." in client.get(detail).content.decode()
    returned_page = decider.get(reverse("decisions:detail", args=[intentions.decision.pk])).content.decode()
    assert "Returned without a decision: Add the youth project." in returned_page
    assert "Return without a decision" not in returned_page
    # Submitted again, approved on the decision record's page, then published by the officer.
    client.post(reverse("intentions:submit", args=[intentions.pk]), {})
    intentions.refresh_from_db()
    decider.post(
        reverse("decisions:approve", args=[intentions.decision.pk]),
        {"decided_on_0": "1", "decided_on_1": "4", "decided_on_2": str(year)},
    )
    intentions.refresh_from_db()
    assert intentions.status == S.APPROVED
    assert "Publish" in client.get(detail).content.decode()
    assert client.post(reverse("intentions:publish", args=[intentions.pk]), {}).status_code == 302
    intentions.refresh_from_db()
    assert intentions.status == S.PUBLISHED and intentions.decision.status == DecisionStatus.PUBLISHED


def test_submitting_without_projects_says_why(client_as, officer, priorities, year):
    intentions = draft_intentions(officer, priorities, year, items=0)
    client = client_as(user=officer)
    assert (
        "Add at least one project"
        in client.get(reverse("intentions:detail", args=[intentions.pk])).content.decode()
    )
    response = client.post(reverse("intentions:submit", args=[intentions.pk]), {})
    assert response.status_code == 200 and "Add at least one project" in response.content.decode()
    intentions.refresh_from_db()
    assert intentions.status == S.DRAFT


def test_the_public_sees_published_years_by_priority_with_the_decision(
    client, officer, commissioner, priorities, year
):
    intentions = draft_intentions(officer, priorities, year, items=0)
    intention_add(
        by=officer,
        intentions=intentions,
        **item_values(priorities, year, title="Evening helpline", priority_ids=[priorities[2].pk]),
    )
    intention_add(
        by=officer,
        intentions=intentions,
        **item_values(
            priorities,
            year,
            title="Youth outreach",
            priority_ids=[priorities[0].pk, priorities[1].pk],
            mechanism="",
        ),
    )
    intentions_submit(by=officer, intentions=intentions)
    intentions.refresh_from_db()
    decision_approve(by=commissioner, record=intentions.decision)
    intentions.refresh_from_db()
    intentions_publish(by=officer, intentions=intentions)
    draft_intentions(officer, priorities, year + 1)
    listing = client.get(reverse("cycle-public:list")).content.decode()
    assert f"Commissioning intentions {intentions.financial_year.label}" in listing
    assert f"/intentions/{year + 1}-" not in listing
    page = client.get(reverse("cycle-public:year", args=[year]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Priority 1:") < html.index("Priority 2:") < html.index("Priority 3:")
    assert html.count("Youth outreach") == 2 and "Evening helpline" in html and "£120,000.00" in html
    decision_url = reverse("public-decisions:detail", args=[intentions.decision.slug])
    assert decision_url in html and client.get(decision_url).status_code == 200
    assert client.get(reverse("cycle-public:year", args=[year + 1])).status_code == 404
    assert client.get("/intentions/2026-28/").status_code == 404


def test_the_public_front_page_and_navigation_link_to_the_intentions(client):
    html = client.get(reverse("front:home")).content.decode()
    assert 'href="/intentions/">commissioning intentions</a>' in html
    assert (
        'href="/intentions/">Commissioning intentions</a>' in html or "/intentions/" in html.split("<main")[0]
    )


def test_the_pages_read_a_bounded_number_of_queries(
    client, client_as, officer, commissioner, priorities, year, django_assert_max_num_queries
):
    intentions = _published(officer, commissioner, priorities, year, items=30)
    for offset in range(1, 3):
        draft_intentions(officer, priorities, year + offset, items=20)
    for item in intentions.items.all():
        item.priorities.set(priorities)
    staff = client_as(Role.AUDITOR)
    writer = client_as(user=officer)
    draft = CommissioningIntentions.objects.get(financial_year__start_year=year + 1)
    for who, url in [
        (staff, reverse("intentions:list")),
        (staff, reverse("intentions:detail", args=[intentions.pk])),
        (writer, reverse("intentions:detail", args=[draft.pk])),
        (client, reverse("cycle-public:list")),
        (client, reverse("cycle-public:year", args=[year])),
    ]:
        with django_assert_max_num_queries(14):
            assert who.get(url).status_code == 200


def test_the_summary_is_changed_while_draft_and_not_after(client_as, officer, priorities, year):
    intentions = draft_intentions(officer, priorities, year)
    client = client_as(user=officer)
    url = reverse("intentions:summary", args=[intentions.pk])
    assert "What we plan to commission this year." in client.get(url).content.decode()
    assert client.post(url, {"summary": "  Our revised plans.  "}).status_code == 302
    intentions.refresh_from_db()
    assert intentions.summary == "Our revised plans."
    intentions_submit(by=officer, intentions=intentions)
    assert client.get(url).status_code == 403
    assert client.post(url, {"summary": "Too late"}).status_code == 403
    intentions.refresh_from_db()
    assert intentions.summary == "Our revised plans."
