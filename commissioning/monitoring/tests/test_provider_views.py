"""The return journey through HTTP: a provider fills in, checks and submits a return; an officer rates it or sends
it back; a red rating opens a remedial plan tracked until its actions are done."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.monitoring.models import Indicator, Rating, RemedialPlan, ReturnStatus
from commissioning.monitoring.services.returns import return_answers_save, return_submit
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

ANSWERS = {
    "outputs": "Forty sessions",
    "outcomes": "Young people felt safer",
    "spend_to_date": "£12,500.00",
    "narrative": "Going well <script>alert(1)</script>",
}


@pytest.fixture
def agreement(officer, organisation):
    return active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        title="Victim support hub",
    )


@pytest.fixture
def indicator(agreement):
    return Indicator.objects.create(
        plan=agreement.monitoring_plan, name="Victims supported", unit="people", target=Decimal("40")
    )


@pytest.fixture
def first_return(agreement):
    return agreement.monitoring_plan.returns.get(number=1)


def _submit(provider, monitoring_return):
    return_answers_save(
        by=provider,
        monitoring_return=monitoring_return,
        answers={"outputs": "Sessions", "outcomes": "Safer", "narrative": "Fine"},
        indicator_values={i.pk: Decimal("10") for i in monitoring_return.plan.indicators.all()},
        spend_to_date=Decimal("100"),
    )
    return return_submit(by=provider, monitoring_return=monitoring_return)


def test_provider_fills_in_checks_and_submits_a_return(client_as, provider, first_return, indicator):
    client = client_as(user=provider)
    response = client.get(reverse("my-monitoring:returns"))
    assert response.status_code == 200
    assert "Victim support hub" in response.content.decode()

    edit = reverse("my-monitoring:edit", args=[first_return.pk])
    page = client.get(edit).content.decode()
    assert "What did you deliver in this period?" in page and "Target: 40 people" in page

    response = client.post(edit, {**ANSWERS, f"indicator_{indicator.pk}": "38", "continue": ""})
    assert response.status_code == 302 and response["Location"] == reverse(
        "my-monitoring:check", args=[first_return.pk]
    )
    check = client.get(response["Location"]).content.decode()
    assert "£12,500.00" in check and "Below target" in check
    assert "<script>alert(1)</script>" not in check and "&lt;script&gt;" in check

    response = client.post(reverse("my-monitoring:check", args=[first_return.pk]))
    assert response.status_code == 302
    first_return.refresh_from_db()
    assert first_return.status == ReturnStatus.SUBMITTED
    # Once submitted, the answers page leads back to the return rather than changing it.
    assert client.get(edit).status_code == 302


def test_save_and_come_back_later_keeps_a_draft(client_as, provider, first_return):
    response = client_as(user=provider).post(
        reverse("my-monitoring:edit", args=[first_return.pk]), {"outputs": "Half done", "later": ""}
    )
    assert response.status_code == 302 and response["Location"] == reverse("my-monitoring:returns")
    first_return.refresh_from_db()
    assert first_return.status == ReturnStatus.DRAFT and first_return.answers == {"outputs": "Half done"}


def test_submitting_an_incomplete_return_says_what_is_missing(client_as, provider, first_return, indicator):
    client = client_as(user=provider)
    client.post(reverse("my-monitoring:edit", args=[first_return.pk]), {"outputs": "Half", "later": ""})
    response = client.post(reverse("my-monitoring:check", args=[first_return.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and "Enter the value for Victims supported" in content
    first_return.refresh_from_db()
    assert first_return.status == ReturnStatus.DRAFT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("spend_to_date", "lots", "must be an amount of money"),
        ("spend_to_date", "-5", "must be £0.00 or more"),
        ("indicator", "ten", "Victims supported must be a number"),
        ("indicator", "1e400", "Victims supported must be"),
        ("outputs", "x" * 10_001, "10,000 characters or fewer"),
    ],
)
def test_hostile_input_gets_a_message(client_as, provider, first_return, indicator, field, value, message):
    name = f"indicator_{indicator.pk}" if field == "indicator" else field
    response = client_as(user=provider).post(
        reverse("my-monitoring:edit", args=[first_return.pk]), {name: value, "continue": ""}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    first_return.refresh_from_db()
    assert first_return.status == ReturnStatus.DUE


def test_another_organisations_provider_gets_not_found(client_as, make_user, first_return):
    stranger = make_user(Role.PROVIDER, email="stranger@example.org")
    MembershipFactory(organisation=OrganisationFactory(name="Other Charity"), user=stranger)
    client = client_as(user=stranger)
    for name in ("my-monitoring:return", "my-monitoring:edit", "my-monitoring:check"):
        assert client.get(reverse(name, args=[first_return.pk])).status_code == 404
    assert client.post(reverse("my-monitoring:check", args=[first_return.pk])).status_code == 404
    assert "Victim support hub" not in client.get(reverse("my-monitoring:returns")).content.decode()
    assert client.get(reverse("my-monitoring:return", args=[999999])).status_code == 404


def test_staff_cannot_use_provider_pages_and_providers_cannot_review(
    client_as, officer, provider, first_return
):
    assert client_as(user=officer).get(reverse("my-monitoring:returns")).status_code == 403
    client = client_as(user=provider)
    for name in ("monitoring:return", "monitoring:return-rate", "monitoring:return-changes"):
        assert client.get(reverse(name, args=[first_return.pk])).status_code == 403
    assert client.get(reverse("monitoring:review-list")).status_code == 403


def test_provider_list_with_many_returns_in_bounded_queries(
    client_as, officer, provider, organisation, django_assert_max_num_queries
):
    for n in range(10):
        active_agreement(
            by=officer,
            organisation=organisation,
            value="150000.00",
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
            title=f"Service {n}",
        )
    client = client_as(user=provider)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my-monitoring:returns"))
    assert response.status_code == 200
    assert response.content.decode().count("govuk-table__row") > 40


def test_officer_rates_red_with_a_remedial_plan_and_tracks_it_to_closed(
    client_as, officer, provider, first_return, indicator
):
    _submit(provider, first_return)
    client = client_as(user=officer)
    page = client.get(reverse("monitoring:return", args=[first_return.pk])).content.decode()
    assert "Rate the return" in page and "Victims supported" in page

    rate = reverse("monitoring:return-rate", args=[first_return.pk])
    response = client.post(rate, {"rating": "red", "reasons": ""})
    content = response.content.decode()
    assert response.status_code == 200 and "Enter the reasons for the rating" in content
    response = client.post(rate, {"rating": "red", "reasons": "Far behind target"})
    assert "A red rating needs a remedial action plan" in response.content.decode()
    response = client.post(rate, {"rating": "purple", "reasons": "x"})
    assert "Select a rating: red, amber or green" in response.content.decode()
    response = client.post(rate, {"rating": "red", "reasons": "Behind", "action_1": "Recruit"})
    content = response.content.decode()
    assert "Enter who owns action 1" in content and "Enter the date action 1 is due" in content
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(
        rate,
        {
            "rating": "red",
            "reasons": "Far behind target",
            "remedial_summary": "Numbers supported",
            "action_1": "Recruit two caseworkers",
            "action_1_owner": "Service manager",
            "action_1_due_0": due.day,
            "action_1_due_1": due.month,
            "action_1_due_2": due.year,
        },
    )
    assert response.status_code == 302
    first_return.refresh_from_db()
    assert (first_return.status, first_return.rating) == (ReturnStatus.REVIEWED, Rating.RED)
    plan = RemedialPlan.objects.get()
    action = plan.actions.get()

    # The provider sees the rating, the reasons and the plan.
    seen = (
        client_as(user=provider).get(reverse("my-monitoring:return", args=[first_return.pk])).content.decode()
    )
    assert "Far behind target" in seen and "Recruit two caseworkers" in seen
    assert "Remedial action plan (open)" in seen and "Record as done" not in seen

    done = reverse("monitoring:remedial-action-done", args=[plan.pk, action.pk])
    assert done in client.get(reverse("monitoring:remedial-plan", args=[plan.pk])).content.decode()
    response = client.post(done, {"done_on_0": "31", "done_on_1": "2", "done_on_2": "2026"})
    assert "must be a real date" in response.content.decode()
    today = timezone.localdate()
    response = client.post(done, {"done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == RemedialPlan.Status.CLOSED
    assert "Closed" in client.get(reverse("monitoring:remedial-plan", args=[plan.pk])).content.decode()


def test_only_a_submitted_return_can_be_rated(client_as, officer, first_return):
    response = client_as(user=officer).post(
        reverse("monitoring:return-rate", args=[first_return.pk]), {"rating": "green", "reasons": "Fine"}
    )
    assert response.status_code == 200
    assert "Only a submitted return can be reviewed" in response.content.decode()


def test_officer_asks_for_changes_and_the_provider_sees_the_message(
    client_as, officer, provider, first_return
):
    _submit(provider, first_return)
    client = client_as(user=officer)
    changes = reverse("monitoring:return-changes", args=[first_return.pk])
    assert "Enter what the provider needs to change" in client.post(changes, {"message": ""}).content.decode()
    assert client.post(changes, {"message": "Add a case study"}).status_code == 302
    page = (
        client_as(user=provider).get(reverse("my-monitoring:edit", args=[first_return.pk])).content.decode()
    )
    assert "Changes requested" in page and "Add a case study" in page


def test_auditor_reads_returns_but_cannot_rate(client_as, provider, first_return):
    _submit(provider, first_return)
    client = client_as(Role.AUDITOR)
    page = client.get(reverse("monitoring:return", args=[first_return.pk]))
    assert page.status_code == 200 and "Rate the return" not in page.content.decode()
    assert client.get(reverse("monitoring:return-rate", args=[first_return.pk])).status_code == 403


def test_review_list_with_many_returns_in_bounded_queries(
    client_as, officer, provider, organisation, django_assert_max_num_queries
):
    for n in range(12):
        agreement = active_agreement(
            by=officer,
            organisation=organisation,
            value="50000.00",
            starts_on=date(2026, 4, 1),
            ends_on=date(2027, 3, 31),
            title=f"Service {n}",
        )
        _submit(provider, agreement.monitoring_plan.returns.get(number=1))
    client = client_as(user=officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("monitoring:review-list"))
    assert response.status_code == 200
    assert response.content.decode().count("Swindon Victim Support") == 12


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_evidence_is_checked_by_content_and_read_only_by_those_who_may(
    client_as, officer, provider, make_user, first_return, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(user=provider)
    add = reverse("my-monitoring:evidence-add", args=[first_return.pk])
    disguised = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(add, {"upload": disguised})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert client.post(add, {}).status_code == 200

    response = client.post(add, {"upload": SimpleUploadedFile("Quarter report.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    evidence = first_return.evidence.get()
    assert evidence.original_name == "Quarter report.pdf" and evidence.content_type == "application/pdf"
    assert (
        "Quarter report.pdf"
        in client.get(reverse("my-monitoring:edit", args=[first_return.pk])).content.decode()
    )

    own = client.get(reverse("my-monitoring:evidence", args=[first_return.pk, evidence.pk]))
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    staff = client_as(user=officer).get(reverse("monitoring:evidence", args=[first_return.pk, evidence.pk]))
    assert staff.status_code == 200
    stranger = make_user(Role.PROVIDER, email="stranger@example.org")
    MembershipFactory(organisation=OrganisationFactory(name="Other Charity"), user=stranger)
    other = client_as(user=stranger)
    assert (
        other.get(reverse("my-monitoring:evidence", args=[first_return.pk, evidence.pk])).status_code == 404
    )
    assert other.get(add).status_code == 404
