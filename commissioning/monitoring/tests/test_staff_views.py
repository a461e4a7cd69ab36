from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.monitoring.models import PlanAdjustment, ReturnFrequency, ReturnStatus
from commissioning.monitoring.selectors.schedule import returns_for_list, returns_overdue
from commissioning.organisations.tests.factories import OrganisationFactory

from .helpers import active_agreement

pytestmark = pytest.mark.django_db


def _agreements(by, count, *, starts_on, ends_on, value="50000.00"):
    return [
        active_agreement(
            by=by,
            organisation=OrganisationFactory(name=f"Charity {n}"),
            value=value,
            starts_on=starts_on,
            ends_on=ends_on,
            title=f"Service {n}",
        )
        for n in range(count)
    ]


def test_overdue_list_with_many_rows_in_bounded_queries(officer, client_as, django_assert_max_num_queries):
    today = timezone.localdate()
    # Two-year agreements that started three years ago: all four six-monthly returns are overdue.
    _agreements(officer, 20, starts_on=today - timedelta(days=3 * 365), ends_on=today - timedelta(days=365))
    client = client_as(user=officer)
    with django_assert_max_num_queries(6):  # 2 for the list, the rest the first visit's person and body
        response = client.get(reverse("monitoring:overdue"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Charity 0" in content and "days late" in content
    assert "page 1 of 4" in content
    with django_assert_max_num_queries(4):
        response = client.get(reverse("monitoring:overdue"), {"page": 4})
    assert response.status_code == 200 and "page 4 of 4" in response.content.decode()


def test_overdue_rows_show_the_agreement_return_and_days_late(officer, client_as):
    today = timezone.localdate()
    agreement = _agreements(
        officer, 1, starts_on=today - timedelta(days=3 * 365), ends_on=today - timedelta(days=365)
    )[0]
    first = returns_overdue(on=today).select_related("plan").first()
    assert first is not None
    (row,) = returns_for_list(returns_overdue(on=today).filter(pk=first.pk), on=today)
    assert (row.reference, row.title, row.organisation) == (agreement.reference, "Service 0", "Charity 0")
    assert row.plan_url == reverse("monitoring:plan", args=[agreement.pk])
    assert row.performance_url == reverse("monitoring:performance", args=[agreement.pk])
    assert row.name == f"Return {first.number}" and row.days_late == (today - first.due_on).days
    assert row.period == f"{first.period_start:%-d %b %Y} to {first.period_end:%-d %b %Y}"
    assert row.due == f"{first.due_on:%-d %B %Y}" and row.status == first.get_status_display()
    content = client_as(user=officer).get(reverse("monitoring:overdue")).content.decode()
    assert f'href="{row.plan_url}">{agreement.reference}<' in content
    assert f"{row.days_late} days late" in content and row.period in content


def test_due_soon_shows_only_the_next_thirty_days(officer, client_as):
    today = timezone.localdate()
    # The first quarter ends in ten days: its return is due 40 days from now, outside the list...
    active_agreement(
        by=officer,
        organisation=OrganisationFactory(name="Later Charity"),
        value="150000.00",
        starts_on=today - timedelta(days=80),
        ends_on=today + timedelta(days=600),
    )
    # ...while an end-only agreement that ended ten days ago has its report due in 20 days.
    active_agreement(
        by=officer,
        organisation=OrganisationFactory(name="Soon Charity"),
        value="5000.00",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=10),
    )
    response = client_as(Role.COMMISSIONING_OFFICER).get(reverse("monitoring:overdue"), {"show": "due-soon"})
    content = response.content.decode()
    assert "Soon Charity" in content and "Later Charity" not in content
    empty = client_as(Role.AUDITOR).get(reverse("monitoring:overdue"))
    assert "No returns are overdue" in empty.content.decode()


def test_submitted_returns_leave_the_overdue_list(officer, client_as):
    today = timezone.localdate()
    (agreement,) = _agreements(
        officer, 1, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=40)
    )
    agreement.monitoring_plan.returns.update(status=ReturnStatus.SUBMITTED)
    response = client_as(user=officer).get(reverse("monitoring:overdue"))
    assert "Charity 0" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ASSESSOR, Role.PARTNER_ADMINISTRATOR])
def test_staff_monitoring_refused_to_other_roles(officer, organisation, client_as, role):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="5000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    client = client_as(role)
    assert client.get(reverse("monitoring:overdue")).status_code == 403
    assert client.get(reverse("monitoring:plan", args=[agreement.pk])).status_code == 403
    assert client.get(reverse("monitoring:plan-adjust", args=[agreement.pk])).status_code == 403


def test_plan_page_shows_the_schedule_with_statuses(
    officer, organisation, client_as, django_assert_max_num_queries
):
    today = timezone.localdate()
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=today - timedelta(days=365),
        ends_on=today + timedelta(days=365),
    )
    returns = list(agreement.monitoring_plan.returns.order_by("number"))
    returns[0].status = ReturnStatus.REVIEWED
    returns[0].save()
    returns[1].status = ReturnStatus.SUBMITTED
    returns[1].save()
    client = client_as(Role.AUDITOR)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("monitoring:plan", args=[agreement.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for label in ("Reviewed", "Submitted", "Late", "Due", "Enhanced: £100,000 and over", "Quarterly returns"):
        assert label in content
    assert "This tier needs indicators" in content
    # Only officers and administrators are offered the adjustment.
    adjust_url = reverse("monitoring:plan-adjust", args=[agreement.pk])
    assert adjust_url not in content
    assert (
        adjust_url
        in client_as(user=officer).get(reverse("monitoring:plan", args=[agreement.pk])).content.decode()
    )
    assert client.get(reverse("monitoring:plan", args=[999999])).status_code == 404


def test_adjust_plan_through_the_form(officer, organisation, client_as):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    client = client_as(user=officer)
    url = reverse("monitoring:plan-adjust", args=[agreement.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Reason for the change" in page.content.decode()

    base = {
        "frequency": "six_monthly",
        "due_1_0": "30",
        "due_1_1": "10",
        "due_1_2": "2026",
        "due_2_0": "30",
        "due_2_1": "4",
        "due_2_2": "2027",
        "indicator_1_direction": "higher",
        "indicator_2_direction": "higher",
    }
    missing = client.post(url, {**base, "due_1_0": "15", "due_1_1": "11"})
    assert missing.status_code == 200
    assert "Enter the reason for changing the monitoring plan" in missing.content.decode()

    hostile = client.post(
        url,
        {
            **base,
            "reason": "x",
            "due_1_0": "31",
            "due_1_1": "2",
            "indicator_1_name": "<script>alert(1)</script>",
            "indicator_1_target": "lots",
            "frequency": "weekly",
        },
    )
    content = hostile.content.decode()
    assert hostile.status_code == 200
    assert "must be a real date" in content
    assert "Indicator 1 target must be a number" in content
    assert "Select how often returns are due" in content
    assert "<script>alert(1)</script>" not in content

    early = client.post(
        url, {**base, "reason": "Extension", "due_2_0": "1", "due_2_1": "1", "due_2_2": "2027"}
    )
    assert "must be due on or after the end of its period" in early.content.decode()

    done = client.post(
        url,
        {
            **base,
            "reason": "Quarterly after concerns at the review",
            "frequency": "quarterly",
            "indicator_1_name": "Victims supported",
            "indicator_1_target": "120",
            "indicator_1_unit": "people",
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse("monitoring:plan", args=[agreement.pk])
    plan = agreement.monitoring_plan
    plan.refresh_from_db()
    assert plan.frequency == ReturnFrequency.QUARTERLY and plan.returns.count() == 4
    assert plan.indicators.get().name == "Victims supported"
    assert PlanAdjustment.objects.get(plan=plan).reason == "Quarterly after concerns at the review"
    shown = client.get(reverse("monitoring:plan", args=[agreement.pk])).content.decode()
    assert "Quarterly after concerns at the review" in shown
