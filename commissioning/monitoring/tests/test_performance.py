"""The agreement performance page: schedule, indicator trends against targets, ratings, remedial plans, feedback."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.feedback.models import Feedback, FeedbackStatus, Theme
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringReturn,
    Rating,
    RemedialAction,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.selectors.performance import agreement_performance, days_late
from commissioning.monitoring.services.plans import IndicatorSpec, monitoring_plan_adjust
from commissioning.monitoring.services.returns import return_answers_save, return_submit
from commissioning.monitoring.services.review import ActionSpec, return_rate
from commissioning.organisations.tests.factories import OrganisationFactory

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

FULL = {"outputs": "Forty sessions", "outcomes": "Safer", "narrative": "Going well"}
INDICATORS = [
    IndicatorSpec(name="Victims supported", target=Decimal("300"), unit="people"),
    IndicatorSpec(name="Referrals received", target=Decimal("400"), unit="referrals"),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _quarterly(officer, organisation, *, years_back: int, title: str = "Victim support service"):
    """A quarterly agreement (£150,000) that started `years_back` years ago and runs a year more, with indicators."""
    today = timezone.localdate()
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=today - timedelta(days=365 * years_back),
        ends_on=today + timedelta(days=365),
        title=title,
    )
    monitoring_plan_adjust(
        by=officer, plan=agreement.monitoring_plan, reason="Indicators agreed", indicators=INDICATORS
    )
    return agreement


def _review_past_returns(agreement, officer, *, leave_owed: int = 1) -> list[MonitoringReturn]:
    """Every return whose due date has passed, but the last `leave_owed`, submitted a week late and rated, with
    indicator values, written straight to the table (the services are tested elsewhere; this is data for a page)."""
    today = timezone.localdate()
    plan = agreement.monitoring_plan
    past = list(plan.returns.filter(due_on__lt=today).order_by("number"))
    done = past[: len(past) - leave_owed]
    ratings = [Rating.GREEN, Rating.AMBER, Rating.RED]
    indicators = list(plan.indicators.order_by("pk"))
    values = []
    for n, r in enumerate(done):
        r.status = ReturnStatus.REVIEWED
        r.submitted_at = _at(r.due_on + timedelta(days=7))
        r.reviewed_at = r.submitted_at + timedelta(days=3)
        r.reviewed_by = officer
        r.rating = ratings[n % 3]
        r.rating_reasons = f"Reasons for return {r.number}"
        values += [
            IndicatorValue(monitoring_return=r, indicator=i, value=Decimal(200 + 10 * n + k))
            for k, i in enumerate(indicators)
        ]
    MonitoringReturn.objects.bulk_update(
        done, ["status", "submitted_at", "reviewed_at", "reviewed_by", "rating", "rating_reasons"]
    )
    IndicatorValue.objects.bulk_create(values)
    for r in done:
        if r.rating == Rating.RED:
            remedial = RemedialPlan.objects.create(
                agreement=agreement, monitoring_return=r, summary="Get back on track", opened_by=officer
            )
            RemedialAction.objects.create(
                plan=remedial, action="Recruit two caseworkers", owner="Service manager", due_on=today
            )
    return done


def _feedback(agreement, count: int) -> None:
    theme, _ = Theme.objects.get_or_create(slug="communication", defaults={"name": "Communication"})
    for n in range(count):
        feedback = Feedback.objects.create(
            agreement=agreement, what_happened=f"Helpful caseworker {n}", status=FeedbackStatus.APPROVED
        )
        feedback.themes.add(theme)
    Feedback.objects.create(agreement=agreement, what_happened="Waiting to be moderated")


def test_days_late_counts_from_the_due_date(officer, organisation):
    agreement = _quarterly(officer, organisation, years_back=1)
    today = timezone.localdate()
    first = agreement.monitoring_plan.returns.get(number=1)
    assert days_late(first, on=first.due_on) == 0
    assert days_late(first, on=first.due_on + timedelta(days=5)) == 5
    first.status = ReturnStatus.SUBMITTED
    first.submitted_at = timezone.now()
    assert days_late(first, on=today + timedelta(days=100)) == (today - first.due_on).days
    first.submitted_at = _at(first.due_on)
    assert days_late(first, on=today) == 0


def test_the_page_shows_schedule_trends_ratings_remedial_plans_and_feedback(
    officer, organisation, provider, client_as
):
    agreement = _quarterly(officer, organisation, years_back=1)
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
    agreement = _quarterly(officer, organisation, years_back=2)
    done = _review_past_returns(agreement, officer, leave_owed=1)
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
    small = _quarterly(officer, organisation, years_back=1, title="Small service")
    # Some of everything on the small one too, so both read the same kinds of rows.
    _review_past_returns(small, officer, leave_owed=0)
    _feedback(small, 1)
    big = _quarterly(officer, OrganisationFactory(name="Big charity"), years_back=6, title="Big service")
    done = _review_past_returns(big, officer)
    _feedback(big, 30)
    assert len(done) >= 20 and RemedialPlan.objects.filter(agreement=big).count() >= 6
    client = client_as(Role.COMMISSIONING_OFFICER)
    client.get(reverse("monitoring:overdue"))  # the first request of a session reads the person once more
    counts = []
    for agreement in (small, big):
        with django_assert_max_num_queries(20) as captured:
            response = client.get(reverse("monitoring:performance", args=[agreement.pk]))
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


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
    agreement = _quarterly(officer, organisation, years_back=1)
    address = reverse("monitoring:performance", args=[agreement.pk])
    for role in (Role.AUDITOR, Role.COMMISSIONING_OFFICER, Role.ADMINISTRATOR):
        assert client_as(role).get(address).status_code == 200
    assert client_as(user=provider).get(address).status_code == 403
    assert client_as(Role.ASSESSOR).get(address).status_code == 403
    assert client_as(Role.AUDITOR).get(reverse("monitoring:performance", args=[999999])).status_code == 404


def test_linked_from_the_agreement_the_plan_and_the_overdue_list(officer, organisation, client_as):
    agreement = _quarterly(officer, organisation, years_back=1)
    address = reverse("monitoring:performance", args=[agreement.pk])
    client = client_as(user=officer)
    assert address in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert address in client.get(reverse("monitoring:plan", args=[agreement.pk])).content.decode()
    assert address in client.get(reverse("monitoring:overdue")).content.decode()
