"""Demo monitoring: a plan for each active agreement, and indicators where the tier asks for them.

Safe to run again: agreements that have a plan keep it, and plans that have indicators are left alone.
"""

from decimal import Decimal
from typing import Any

from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.monitoring.models import MonitoringPlan, ReturnTemplate
from commissioning.monitoring.services.plans import (
    IndicatorSpec,
    monitoring_plan_adjust,
    monitoring_plan_create,
)

DEMO_INDICATORS = [
    IndicatorSpec(name="Referrals received", target=Decimal("400"), unit="referrals"),
    IndicatorSpec(name="Victims supported", target=Decimal("300"), unit="people"),
    IndicatorSpec(name="Victims helped to cope and recover", target=Decimal("240"), unit="people"),
]


def load(*, by: Any) -> None:
    victim_services = ReturnTemplate.objects.filter(key="victim-services").first()
    for agreement in Agreement.objects.filter(status=AgreementStatus.ACTIVE, monitoring_plan__isnull=True):
        wants_victims = agreement.priorities.filter(title__icontains="victim").exists()
        monitoring_plan_create(
            by=by, agreement=agreement, template=victim_services if wants_victims else None
        )
    for plan in MonitoringPlan.objects.filter(needs_indicators=True, indicators__isnull=True):
        monitoring_plan_adjust(
            by=by, plan=plan, reason="Indicators agreed at the start-up meeting", indicators=DEMO_INDICATORS
        )
