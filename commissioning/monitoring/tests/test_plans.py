from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.services import agreement_offer, offer_accept
from commissioning.agreements.tests.factories import make_agreement
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.monitoring.models import (
    Indicator,
    MonitoringPlan,
    MonitoringReturn,
    MonitoringTier,
    PlanAdjustment,
    ReturnFrequency,
    ReturnStatus,
    ReturnTemplate,
)
from commissioning.monitoring.services.plans import (
    IndicatorSpec,
    agreement_months,
    monitoring_plan_adjust,
    monitoring_plan_create,
    schedule_periods,
    tier_for,
)

from .helpers import active_agreement

pytestmark = pytest.mark.django_db

ON = date(2026, 4, 1)


@pytest.mark.parametrize(
    "value, frequency, indicators, meeting",
    [
        ("0.00", ReturnFrequency.END_ONLY, False, False),
        ("9999.99", ReturnFrequency.END_ONLY, False, False),
        ("10000.00", ReturnFrequency.SIX_MONTHLY, False, False),
        ("99999.99", ReturnFrequency.SIX_MONTHLY, False, False),
        ("100000.00", ReturnFrequency.QUARTERLY, True, True),
        ("2500000.00", ReturnFrequency.QUARTERLY, True, True),
    ],
)
def test_shipped_tiers_by_value(value, frequency, indicators, meeting):
    tier = tier_for(Decimal(value), 12, ON)
    assert (tier.frequency, tier.needs_indicators, tier.needs_review_meeting) == (
        frequency,
        indicators,
        meeting,
    )


def test_tier_by_length_and_date_of_effect():
    short = MonitoringTier.objects.create(
        name="Short standard agreements",
        min_value=Decimal("10000"),
        max_value=Decimal("100000"),
        max_months=6,
        frequency=ReturnFrequency.END_ONLY,
        effective_from=date(2026, 10, 1),
    )
    # Before the new rule takes effect, length makes no difference.
    assert tier_for(Decimal("20000"), 6, date(2026, 9, 30)).frequency == ReturnFrequency.SIX_MONTHLY
    # From its date, a short agreement falls in it and a long one does not.
    assert tier_for(Decimal("20000"), 6, date(2026, 10, 1)) == short
    assert tier_for(Decimal("20000"), 7, date(2026, 10, 1)).frequency == ReturnFrequency.SIX_MONTHLY
    assert tier_for(Decimal("9999.99"), 6, date(2026, 10, 1)).frequency == ReturnFrequency.END_ONLY


def test_no_tier_in_effect_is_refused():
    with pytest.raises(DomainError, match="No monitoring tier"):
        tier_for(Decimal("5000"), 12, date(2019, 1, 1))


def test_tiers_come_back_after_the_table_is_emptied():
    MonitoringTier.objects.all().delete()
    assert tier_for(Decimal("5000"), 12, ON).frequency == ReturnFrequency.END_ONLY


@pytest.mark.parametrize(
    "starts_on, ends_on, months",
    [
        (date(2026, 4, 1), date(2027, 3, 31), 12),
        (date(2026, 4, 1), date(2027, 9, 30), 18),
        (date(2026, 1, 15), date(2026, 1, 15), 1),
        (date(2026, 4, 1), date(2027, 4, 1), 13),
    ],
)
def test_agreement_months(starts_on, ends_on, months):
    assert agreement_months(starts_on, ends_on) == months


def _schedule(plan):
    return [
        (r.number, r.period_start, r.period_end, r.due_on, r.is_final)
        for r in plan.returns.order_by("number")
    ]


def test_one_year_six_monthly(officer, organisation):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    plan = agreement.monitoring_plan
    assert plan.frequency == ReturnFrequency.SIX_MONTHLY
    assert _schedule(plan) == [
        (1, date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 30), False),
        (2, date(2026, 10, 1), date(2027, 3, 31), date(2027, 4, 30), True),
    ]
    assert all(r.status == ReturnStatus.DUE for r in plan.returns.all())


def test_eighteen_months_quarterly_across_year_ends(officer, organisation):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="150000.00",
        starts_on=date(2026, 10, 1),
        ends_on=date(2028, 3, 31),
    )
    plan = agreement.monitoring_plan
    assert plan.frequency == ReturnFrequency.QUARTERLY and plan.needs_indicators and plan.needs_review_meeting
    schedule = _schedule(plan)
    assert len(schedule) == 6
    assert schedule[0] == (1, date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 30), False)
    assert schedule[1] == (2, date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 30), False)
    assert schedule[-1] == (6, date(2028, 1, 1), date(2028, 3, 31), date(2028, 4, 30), True)
    # Periods follow each other without gaps.
    for before, after in zip(schedule, schedule[1:], strict=False):
        assert after[1] == before[2] + timedelta(days=1)


def test_two_years_end_only(officer, organisation):
    agreement = active_agreement(
        by=officer,
        organisation=organisation,
        value="5000.00",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    assert _schedule(agreement.monitoring_plan) == [
        (1, date(2026, 1, 1), date(2027, 12, 31), date(2028, 1, 30), True)
    ]


def test_eighteen_months_six_monthly_and_a_short_last_period():
    assert schedule_periods(
        starts_on=date(2026, 7, 1), ends_on=date(2027, 12, 31), frequency="six_monthly"
    ) == [
        (date(2026, 7, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 12, 31)),
    ]
    # A month-end start keeps to month ends, and the last period stops at the agreement's end.
    assert schedule_periods(
        starts_on=date(2026, 8, 31), ends_on=date(2027, 3, 15), frequency="quarterly"
    ) == [
        (date(2026, 8, 31), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2027, 2, 27)),
        (date(2027, 2, 28), date(2027, 3, 15)),
    ]


def test_the_return_form_is_kept_with_the_plan_and_each_return(officer, organisation):
    template = ReturnTemplate.objects.get(key="victim-services")
    agreement = make_agreement(by=officer, organisation=organisation, fund=None, value="20000.00")
    plan = monitoring_plan_create(by=officer, agreement=agreement, template=template)
    keys = [q["key"] for s in plan.form_definition["sections"] for q in s["questions"]]
    for key in (
        "referrals_received",
        "victims_supported",
        "victims_cope_recover",
        "outputs",
        "outcomes",
        "spend_to_date",
        "narrative",
        "case_studies",
        "evidence",
    ):
        assert key in keys
    template.definition = {"version": 2, "sections": []}
    template.save()
    assert MonitoringReturn.objects.filter(plan=plan).first().form_definition == plan.form_definition
    assert plan.form_definition["version"] == 1
    # Asked again, the agreement keeps its plan.
    assert monitoring_plan_create(by=officer, agreement=agreement) == plan


def test_accepting_an_offer_makes_the_plan(officer, organisation, provider):
    agreement = make_agreement(by=officer, organisation=organisation, fund=None, value="12000.00")
    assert not MonitoringPlan.objects.filter(agreement=agreement).exists()
    agreement_offer(by=officer, agreement=agreement, respond_by=timezone.localdate() + timedelta(days=14))
    assert not MonitoringPlan.objects.filter(agreement=agreement).exists()
    offer_accept(by=provider, agreement=agreement, name="Pat Provider", role="Director")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    plan = MonitoringPlan.objects.get(agreement=agreement)
    assert plan.returns.count() == 2
    assert AuditEvent.objects.filter(record_type="monitoring.monitoringplan", record_id=str(plan.pk)).exists()


@pytest.fixture
def plan(officer, organisation):
    return active_agreement(
        by=officer,
        organisation=organisation,
        value="50000.00",
        starts_on=date(2026, 4, 1),
        ends_on=date(2028, 3, 31),
    ).monitoring_plan


def test_adjustment_needs_a_reason(officer, plan):
    for reason in ("", "   "):
        with pytest.raises(DomainError) as err:
            monitoring_plan_adjust(by=officer, plan=plan, reason=reason, frequency=ReturnFrequency.QUARTERLY)
        assert err.value.field == "reason"
    plan.refresh_from_db()
    assert plan.frequency == ReturnFrequency.SIX_MONTHLY
    assert plan.returns.count() == 4
    assert not PlanAdjustment.objects.exists()


def test_adjustment_that_changes_nothing_is_refused(officer, plan):
    with pytest.raises(DomainError, match="Change the frequency"):
        monitoring_plan_adjust(by=officer, plan=plan, reason="Nothing really")


def test_frequency_change_keeps_started_returns_and_is_recorded(officer, plan):
    first = plan.returns.get(number=1)
    first.status = ReturnStatus.SUBMITTED
    first.save()
    adjustment = monitoring_plan_adjust(
        by=officer, plan=plan, reason="Concerns about delivery", frequency=ReturnFrequency.QUARTERLY
    )
    plan.refresh_from_db()
    assert plan.frequency == ReturnFrequency.QUARTERLY
    returns = list(plan.returns.order_by("number"))
    assert returns[0].pk == first.pk and returns[0].status == ReturnStatus.SUBMITTED
    # From 1 October 2026 to 31 March 2028 quarterly: six more returns, numbered on.
    assert [r.number for r in returns] == [1, 2, 3, 4, 5, 6, 7]
    assert returns[1].period_start == date(2026, 10, 1) and returns[1].period_end == date(2026, 12, 31)
    assert returns[-1].period_end == date(2028, 3, 31) and returns[-1].is_final
    assert adjustment.reason == "Concerns about delivery"
    assert adjustment.before["frequency"] == "six_monthly" and adjustment.after["frequency"] == "quarterly"
    event = AuditEvent.objects.get(record_type="monitoring.planadjustment", record_id=str(adjustment.pk))
    assert event.after["reason"] == "Concerns about delivery"


def test_due_dates_change_only_for_returns_owed_and_not_before_the_period_ends(officer, plan):
    monitoring_plan_adjust(
        by=officer, plan=plan, reason="Agreed extension", due_dates={1: date(2026, 11, 15)}
    )
    assert plan.returns.get(number=1).due_on == date(2026, 11, 15)
    with pytest.raises(DomainError, match="on or after the end of its period"):
        monitoring_plan_adjust(by=officer, plan=plan, reason="Too early", due_dates={2: date(2027, 1, 1)})
    second = plan.returns.get(number=2)
    second.status = ReturnStatus.REVIEWED
    second.save()
    with pytest.raises(DomainError, match="has been submitted"):
        monitoring_plan_adjust(by=officer, plan=plan, reason="Late", due_dates={2: date(2027, 6, 1)})
    with pytest.raises(DomainError, match="no return 9"):
        monitoring_plan_adjust(by=officer, plan=plan, reason="Late", due_dates={9: date(2027, 6, 1)})


def test_indicators_are_added_changed_and_removed(officer, plan):
    monitoring_plan_adjust(
        by=officer,
        plan=plan,
        reason="Indicators agreed at the start-up meeting",
        indicators=[
            IndicatorSpec(name="Victims supported", target=Decimal("120"), unit="people"),
            IndicatorSpec(name="Days waiting", target=Decimal("10"), direction=Indicator.Direction.LOWER),
        ],
    )
    assert {(i.name, i.target, i.direction) for i in plan.indicators.all()} == {
        ("Victims supported", Decimal("120.00"), "higher"),
        ("Days waiting", Decimal("10.00"), "lower"),
    }
    monitoring_plan_adjust(
        by=officer,
        plan=plan,
        reason="Target raised",
        indicators=[IndicatorSpec(name="Victims supported", target=Decimal("150"), unit="people")],
    )
    assert [(i.name, i.target) for i in plan.indicators.all()] == [("Victims supported", Decimal("150.00"))]
    assert plan.adjustments.count() == 2
    with pytest.raises(DomainError, match="two indicators"):
        monitoring_plan_adjust(
            by=officer,
            plan=plan,
            reason="x",
            indicators=[
                IndicatorSpec(name="A", target=Decimal(1)),
                IndicatorSpec(name="a", target=Decimal(2)),
            ],
        )
    with pytest.raises(DomainError, match="number"):
        monitoring_plan_adjust(
            by=officer, plan=plan, reason="x", indicators=[IndicatorSpec(name="A", target="lots")]
        )
