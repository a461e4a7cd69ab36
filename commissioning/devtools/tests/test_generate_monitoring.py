"""Generated monitoring (`generate_data`): plans by tier, returns in every state that keep the services' rules,
ratings with remedial plans, indicator values, and feedback some of it moderated."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.devtools.generate.scale import SMALL
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    Rating,
    RemedialPlan,
    ReturnStatus,
)
from commissioning.monitoring.services.plans import agreement_months, schedule_periods, tier_for

from .test_generate_data import generate, seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated() -> dict[str, int]:
    seed_demo()
    before = {
        "returns": MonitoringReturn.objects.count(),
        "plans": MonitoringPlan.objects.count(),
        "feedback": Feedback.objects.count(),
        # The demo's own values (a draft return keeps some) are not generated.
        "last_value": IndicatorValue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    generate()
    return before


def _plans_follow_the_tiers(generated):
    agreements = Agreement.objects.filter(
        created_by__email__endswith="generated.example.org",
        status__in=(AgreementStatus.ACTIVE, AgreementStatus.ENDED),
    ).select_related("monitoring_plan__tier")
    plans = MonitoringPlan.objects.count() - generated["plans"]
    assert plans >= agreements.count() > 0
    for agreement in agreements[:200]:
        plan = agreement.monitoring_plan
        if agreement.starts_on >= plan.tier.effective_from:
            expected = tier_for(
                agreement.value,
                agreement_months(agreement.starts_on, agreement.ends_on),
                agreement.starts_on,
            )
            assert plan.tier == expected
        periods = schedule_periods(
            starts_on=agreement.starts_on, ends_on=agreement.ends_on, frequency=plan.frequency
        )
        returns = list(plan.returns.order_by("number"))
        assert [(r.period_start, r.period_end) for r in returns] == periods
        assert all(r.due_on == r.period_end + timedelta(days=plan.tier.due_days) for r in returns)
        assert [r.is_final for r in returns] == [False] * (len(returns) - 1) + [True]


def _returns_at_scale_in_every_state(generated):
    made = MonitoringReturn.objects.count() - generated["returns"]
    assert SMALL.returns <= made <= SMALL.returns * 1.5
    statuses = Counter(MonitoringReturn.objects.values_list("status", flat=True))
    for status in ReturnStatus.values:
        assert statuses[status] > 0, status
    today = timezone.localdate()
    assert MonitoringReturn.objects.filter(
        status__in=(ReturnStatus.DUE, ReturnStatus.DRAFT), due_on__lt=today
    ).exists(), "some returns are overdue"
    ratings = Counter(
        MonitoringReturn.objects.filter(status=ReturnStatus.REVIEWED).values_list("rating", flat=True)
    )
    assert set(ratings) == set(Rating.values)


def _returns_keep_the_services_rules(generated):
    reviewed = MonitoringReturn.objects.filter(status=ReturnStatus.REVIEWED)
    assert not reviewed.filter(Q(rating="") | Q(rating_reasons="") | Q(reviewed_at__isnull=True)).exists()
    sent = MonitoringReturn.objects.filter(
        status__in=(ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED, ReturnStatus.CHANGES_REQUESTED)
    )
    assert not sent.filter(submitted_at__isnull=True).exists()
    assert not reviewed.filter(reviewed_at__lt=F("submitted_at")).exists()
    assert (
        not MonitoringReturn.objects.filter(status__in=(ReturnStatus.DUE, ReturnStatus.DRAFT))
        .exclude(rating="")
        .exists()
    )
    # Never sent before its period was over.
    assert not sent.filter(submitted_at__date__lt=F("period_end")).exists()
    # Every red has its remedial plan with at least one action; closed plans have every action done.
    red = reviewed.filter(rating=Rating.RED)
    assert red.count() == RemedialPlan.objects.filter(monitoring_return__in=red).count() > 0
    assert not RemedialPlan.objects.annotate(n=Count("actions")).filter(n=0).exists()
    assert not RemedialPlan.objects.filter(
        status=RemedialPlan.Status.CLOSED, actions__done_on__isnull=True
    ).exists()
    assert RemedialPlan.objects.filter(status=RemedialPlan.Status.OPEN).exists()


def _indicator_values_on_sent_returns_of_plans_with_indicators(generated):
    values = IndicatorValue.objects.filter(pk__gt=generated["last_value"])
    assert values.exists()
    assert not values.exclude(indicator__plan_id=F("monitoring_return__plan_id")).exists()
    assert not values.filter(monitoring_return__status__in=(ReturnStatus.DUE, ReturnStatus.DRAFT)).exists()


def _feedback_some_moderated_with_themes(generated):
    made = Feedback.objects.count() - generated["feedback"]
    assert made == SMALL.feedback
    statuses = Counter(Feedback.objects.values_list("status", flat=True))
    assert all(statuses[s] > 0 for s in FeedbackStatus.values)
    approved = Feedback.objects.filter(status=FeedbackStatus.APPROVED)
    assert not approved.filter(themes__isnull=True).exists()
    assert not approved.filter(moderated_at__isnull=True).exists()


# Generating takes seconds, so each test checks several things of one generated set.


def test_plans_follow_the_tiers_and_returns_reach_the_scale_in_every_state(generated):
    _plans_follow_the_tiers(generated)
    _returns_at_scale_in_every_state(generated)


def test_returns_values_remedial_plans_and_feedback_keep_the_rules(generated):
    _returns_keep_the_services_rules(generated)
    _indicator_values_on_sent_returns_of_plans_with_indicators(generated)
    _feedback_some_moderated_with_themes(generated)
