"""The agreement performance page: schedule, indicator trends against targets, ratings, remedial plans, feedback."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.feedback.models import Feedback, FeedbackStatus, Theme
from commissioning.monitoring.models import (
    Rating,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.selectors.performance import agreement_performance, days_late
from commissioning.monitoring.services.returns import return_answers_save, return_submit
from commissioning.monitoring.services.review import ActionSpec, return_rate
from commissioning.organisations.tests.factories import OrganisationFactory

from .helpers import active_agreement, at_noon, quarterly_agreement, review_past_returns

pytestmark = pytest.mark.django_db

FULL = {"outputs": "Forty sessions", "outcomes": "Safer", "narrative": "Going well"}


def _feedback(agreement, count: int) -> None:
    theme, _ = Theme.objects.get_or_create(slug="communication", defaults={"name": "Communication"})
    for n in range(count):
        feedback = Feedback.objects.create(
            agreement=agreement, what_happened=f"Helpful caseworker {n}", status=FeedbackStatus.APPROVED
        )
        feedback.themes.add(theme)
    Feedback.objects.create(agreement=agreement, what_happened="Waiting to be moderated")


def test_days_late_counts_from_the_due_date(officer, organisation):
    agreement = quarterly_agreement(officer, organisation, years_back=1)
    today = timezone.localdate()
    first = agreement.monitoring_plan.returns.get(number=1)
    assert days_late(first, on=first.due_on) == 0
    assert days_late(first, on=first.due_on + timedelta(days=5)) == 5
    first.status = ReturnStatus.SUBMITTED
    first.submitted_at = timezone.now()
    assert days_late(first, on=today + timedelta(days=100)) == (today - first.due_on).days
    first.submitted_at = at_noon(first.due_on)
    assert days_late(first, on=today) == 0


def test_the_page_shows_schedule_trends_ratings_remedial_plans_and_feedback(
    officer, organisation, provider, client_as
):
    agreement = quarterly_agreement(officer, organisation, years_back=1)
    # One return through the services: the provider submits with values, the officer rates it red with a plan.
    first = agreement.monitoring_plan.returns.get(number=1)
    indicators = list(agreement.monitoring_plan.indicators.order_by("pk"))
    return_answers_save(
        by=provider,
        monitoring_return=first,
        answers=FULL,
        indicator_values={indicators[0].pk: Decimal("120"), indicators[1].pk: Decimal("410")},
        spend_to_date=Decimal("9000"),
    )
    return_submit(by=provider, monitoring_return=first)
    return_rate(
        by=officer,
        monitoring_return=first,
        rating=Rating.RED,
        reasons="Far fewer victims supported than planned",
        remedial_summary="Catch up on referrals",
        actions=[
            ActionSpec(
                action="Recruit <b>two</b> caseworkers",
                owner="Service manager",
                due_on=timezone.localdate() + timedelta(days=30),
            )
        ],
    )
    _feedback(agreement, 2)
    Feedback.objects.create(
        agreement=agreement, what_happened="<script>alert(1)</script>", status=FeedbackStatus.APPROVED
    )

    response = client_as(Role.AUDITOR).get(reverse("monitoring:performance", args=[agreement.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Schedule of returns" in content
    assert "Far fewer victims supported than planned" in content
    assert "govuk-tag--red" in content and ">Red<" in content
    # The trend chart and its table: value against target.
    assert "Victims supported against its target" in content
    assert 'role="img"' in content and "120" in content and "300" in content
    # The remedial plan with its action, owner and date; typed text escaped.
    assert "Recruit &lt;b&gt;two&lt;/b&gt; caseworkers" in content and "Service manager" in content
    assert "Open" in content
    # Moderated feedback only, by theme, with what is waiting counted apart; a script shown as text.
    assert "Helpful caseworker 1" in content and "Waiting to be moderated" not in content
    assert "1 waiting for moderation" in content and "Communication" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert(1)" not in content


def test_late_and_overdue_returns_are_shown_with_days(officer, organisation, client_as):
    agreement = quarterly_agreement(officer, organisation, years_back=2)
    done = review_past_returns(agreement, officer, leave_owed=1)
    performance = agreement_performance(agreement, on=timezone.localdate())
    assert [row.days_late for row in performance.schedule[: len(done)]] == [7] * len(done)
    owed = performance.schedule[len(done)]
    assert (
        owed.label == "Late" and owed.days_late == (timezone.localdate() - owed.monitoring_return.due_on).days
    )
    assert [row.monitoring_return.rating for row in performance.ratings] == [r.rating for r in done]
    content = (
        client_as(Role.COMMISSIONING_OFFICER)
        .get(reverse("monitoring:performance", args=[agreement.pk]))
        .content.decode()
    )
    assert "Yes, 7 days" in content and f"Yes, {owed.days_late} day" in content


def test_queries_do_not_grow_with_returns_values_plans_or_feedback(
    officer, organisation, client_as, django_assert_max_num_queries
):
    small = quarterly_agreement(officer, organisation, years_back=1, title="Small service")
    # Some of everything on the small one too, so both read the same kinds of rows.
    review_past_returns(small, officer, leave_owed=0)
    _feedback(small, 1)
    big = quarterly_agreement(
        officer, OrganisationFactory(name="Big charity"), years_back=6, title="Big service"
    )
    done = review_past_returns(big, officer)
    _feedback(big, 30)
    assert len(done) >= 20 and RemedialPlan.objects.filter(agreement=big).count() >= 6
    client = client_as(Role.COMMISSIONING_OFFICER)
    client.get(reverse("monitoring:overdue"))  # the first request of a session reads the person once more
    counts = []
    for agreement in (small, big):
        with django_assert_max_num_queries(16) as captured:
            response = client.get(reverse("monitoring:performance", args=[agreement.pk]))
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_an_agreement_without_indicators_remedial_plans_or_feedback_reads_no_more(
    officer, organisation, client_as, django_assert_max_num_queries
):
    """The agreement is read with its plan and whether it has indicators, remedial plans or feedback, so the page
    reads none of them when there are none (most agreements), and still shows that there are none."""
    agreement = quarterly_agreement(officer, organisation, years_back=1)
    agreement.monitoring_plan.indicators.all().delete()
    client = client_as(Role.COMMISSIONING_OFFICER)
    client.get(reverse("monitoring:overdue"))  # the first request of a session reads the person once more
    with django_assert_max_num_queries(16) as captured:
        response = client.get(reverse("monitoring:performance", args=[agreement.pk]))
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    # Read from, rather than asked about in the agreement's query (where they are subqueries, aliased U0...).
    read = set(re.findall(r'FROM "(\w+)"(?! U\d)', sql))
    assert not read & {
        "monitoring_indicator",
        "monitoring_remedialplan",
        "feedback_feedback",
        "monitoring_monitoringplan",
    }
    content = response.content.decode()
    assert "0 approved pieces of feedback" in content
    assert "There have been no remedial action plans for this agreement." in content
    assert "Schedule of returns" in content and "Indicators against targets" in content
    _feedback(agreement, 1)
    content = client.get(reverse("monitoring:performance", args=[agreement.pk])).content.decode()
    assert "1 approved piece of feedback; 1 waiting for moderation" in content and "Communication" in content


def test_the_schedule_row_texts(officer, organisation):
    agreement = quarterly_agreement(officer, organisation, years_back=2)
    done = review_past_returns(agreement, officer, leave_owed=1)
    today = timezone.localdate()
    rows = agreement_performance(agreement, on=today).schedule
    first, owed = rows[0], rows[len(done)]
    r = first.monitoring_return
    assert first.name == f"Return {r.number}" and first.url == reverse("monitoring:return", args=[r.pk])
    assert first.period == f"{r.period_start:%-d %b %Y} to {r.period_end:%-d %b %Y}"
    assert first.due == f"{r.due_on:%-d %B %Y}" and first.late == "Yes, 7 days"
    assert first.reviewed == f"{timezone.localdate(r.reviewed_at):%-d %B %Y}"
    assert first.rating == r.get_rating_display()
    assert owed.submitted == "Not submitted" and owed.rating == "" and owed.reviewed == ""


def test_any_mechanism_and_an_agreement_without_a_plan(officer, organisation, client_as):
    contract = active_agreement(
        by=officer,
        organisation=organisation,
        value="20000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        mechanism="contract",
    )
    client = client_as(Role.CHIEF_FINANCE_OFFICER)
    content = client.get(reverse("monitoring:performance", args=[contract.pk])).content.decode()
    assert "Six-monthly returns".lower() in content and "reports without indicators" in content
    offered = make_agreement(by=officer, organisation=organisation, fund=None, status=AgreementStatus.DRAFT)
    response = client.get(reverse("monitoring:performance", args=[offered.pk]))
    assert response.status_code == 200 and "no monitoring plan yet" in response.content.decode()


def test_who_may_see_the_page(officer, organisation, provider, client_as):
    agreement = quarterly_agreement(officer, organisation, years_back=1)
    address = reverse("monitoring:performance", args=[agreement.pk])
    for role in (Role.AUDITOR, Role.COMMISSIONING_OFFICER, Role.ADMINISTRATOR):
        assert client_as(role).get(address).status_code == 200
    assert client_as(user=provider).get(address).status_code == 403
    assert client_as(Role.ASSESSOR).get(address).status_code == 403
    assert client_as(Role.AUDITOR).get(reverse("monitoring:performance", args=[999999])).status_code == 404


def test_linked_from_the_agreement_the_plan_and_the_monitoring_lists(officer, organisation, client_as):
    agreement = quarterly_agreement(officer, organisation, years_back=1)
    address = reverse("monitoring:performance", args=[agreement.pk])
    client = client_as(user=officer)
    assert address in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert address in client.get(reverse("monitoring:plan", args=[agreement.pk])).content.decode()
    assert address in client.get(reverse("monitoring:overdue")).content.decode()
    review_past_returns(agreement, officer, leave_owed=0)  # a red among them opens a remedial plan
    assert RemedialPlan.objects.filter(agreement=agreement, status=RemedialPlan.Status.OPEN).exists()
    assert address in client.get(reverse("monitoring:review-list")).content.decode()
