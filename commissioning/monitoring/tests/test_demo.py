import pytest
from django.core.management import call_command

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.monitoring.models import MonitoringPlan


@pytest.mark.django_db
def test_demo_gives_every_active_agreement_a_plan_and_runs_twice_unchanged(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_sign_in=True)
    active = Agreement.objects.filter(status=AgreementStatus.ACTIVE)
    assert active.exists()
    assert MonitoringPlan.objects.filter(agreement__in=active).count() == active.count()
    events = AuditEvent.objects.count()
    plans = MonitoringPlan.objects.count()
    call_command("seed_demo", quiet_sign_in=True)
    assert AuditEvent.objects.count() == events
    assert MonitoringPlan.objects.count() == plans
