import pytest
from django.core.management import call_command
from django.utils import timezone

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.feedback.models import Feedback, FeedbackStatus
from commissioning.monitoring.models import (
    IndicatorValue,
    MonitoringPlan,
    MonitoringReturn,
    Rating,
    RemedialPlan,
    ReturnFrequency,
    ReturnStatus,
)


@pytest.mark.django_db
def test_demo_has_every_tier_every_state_and_runs_twice_unchanged(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_sign_in=True)
    active = Agreement.objects.filter(status=AgreementStatus.ACTIVE)
    assert active.exists()
    assert MonitoringPlan.objects.filter(agreement__in=active).count() == active.count()

    # A plan of each shipped tier: end-of-agreement report, six-monthly, and quarterly with indicators.
    frequencies = set(MonitoringPlan.objects.values_list("frequency", flat=True))
    assert {ReturnFrequency.END_ONLY, ReturnFrequency.SIX_MONTHLY, ReturnFrequency.QUARTERLY} <= frequencies
    enhanced = MonitoringPlan.objects.get(frequency=ReturnFrequency.QUARTERLY, needs_review_meeting=True)
    assert enhanced.indicators.count() == 3

    # Returns in every state, each rating, and some overdue.
    returns = MonitoringReturn.objects.all()
    for status in ReturnStatus.values:
        assert returns.filter(status=status).exists(), status
    for rating in Rating.values:
        assert returns.filter(status=ReturnStatus.REVIEWED, rating=rating).exists(), rating
    today = timezone.localdate()
    assert returns.filter(status__in=(ReturnStatus.DUE, ReturnStatus.DRAFT), due_on__lt=today).exists()
    assert returns.filter(status=ReturnStatus.DUE, due_on__gte=today).exists()
    # Several points on the trend chart of the enhanced contract.
    reported = IndicatorValue.objects.filter(
        monitoring_return__plan=enhanced,
        monitoring_return__status__in=(ReturnStatus.SUBMITTED, ReturnStatus.REVIEWED),
    )
    assert reported.values("monitoring_return").distinct().count() >= 4
    # The red return has an open remedial plan, with one action done and others still to do.
    red = returns.get(rating=Rating.RED)
    remedial = RemedialPlan.objects.get(monitoring_return=red)
    assert remedial.status == RemedialPlan.Status.OPEN
    assert remedial.actions.filter(done_on__isnull=False).exists()
    assert remedial.actions.filter(done_on__isnull=True).exists()
    # Moderated and unmoderated feedback about one demo service.
    assert (
        Agreement.objects.filter(feedback__status=FeedbackStatus.APPROVED)
        .filter(feedback__status=FeedbackStatus.PENDING)
        .exists()
    )

    events = AuditEvent.objects.count()
    plans = MonitoringPlan.objects.count()
    states = list(returns.order_by("pk").values_list("pk", "status", "rating"))
    feedback = Feedback.objects.count()
    call_command("seed_demo", quiet_sign_in=True)
    assert AuditEvent.objects.count() == events
    assert MonitoringPlan.objects.count() == plans
    assert list(returns.order_by("pk").values_list("pk", "status", "rating")) == states
    assert Feedback.objects.count() == feedback
