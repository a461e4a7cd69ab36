"""An agreement made from a scheme a project launched starts its monitoring plan with the project's indicators."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus
from commissioning.agreements.tests.factories import make_agreement
from commissioning.cycle.models import ProjectStage
from commissioning.cycle.services.projects import project_move
from commissioning.grants.tests.factories import ApplicationFactory
from commissioning.monitoring.models import MonitoringPlan, PlanAdjustment
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories_projects import grant_fund, launch_scheme, make_project, ready_for_do

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER)


def _launched_scheme(officer):
    fund = grant_fund()
    project = ready_for_do(make_project(by=officer), by=officer)
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    launch = launch_scheme(officer, project, fund)
    return project, launch.scheme


def _agreement_from(scheme, by, organisation):
    application = ApplicationFactory(scheme=scheme, organisation=organisation)
    return make_agreement(
        by=by,
        organisation=organisation,
        fund=None,
        status=AgreementStatus.ACTIVE,
        source_type="grants.application",
        source_id=str(application.pk),
        starts_on=date(2026, 7, 1),
        ends_on=date(2027, 6, 30),
    )


def test_an_agreement_from_a_launched_scheme_starts_with_the_projects_indicators(officer):
    project, scheme = _launched_scheme(officer)
    agreement = _agreement_from(scheme, officer, OrganisationFactory())
    plan = MonitoringPlan.objects.get(agreement=agreement)
    indicators = [(i.name, i.target, i.unit, i.direction) for i in plan.indicators.order_by("pk")]
    assert indicators == [
        ("Victims supported", Decimal("120.00"), "people", "higher"),
        ("Feel safer", Decimal("80.00"), "per cent", "higher"),
        ("Repeat victims", Decimal("10.00"), "per cent", "lower"),
    ]
    adjustment = PlanAdjustment.objects.get(plan=plan)
    assert project.reference in adjustment.reason


def test_an_agreement_started_by_a_provider_accepting_also_gets_them(officer):
    """The start may be made by someone who cannot change monitoring plans: it is still a step of that start."""
    from commissioning.grants.tests.factories import provider_for

    project, scheme = _launched_scheme(officer)
    organisation = OrganisationFactory()
    provider = provider_for(organisation)
    application = ApplicationFactory(scheme=scheme, organisation=organisation)
    agreement = make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        source_type="grants.application",
        source_id=str(application.pk),
    )
    from commissioning.agreements.services import agreement_offer, offer_accept

    agreement_offer(by=officer, agreement=agreement, respond_by=date(2026, 12, 31))
    offer_accept(by=provider, agreement=agreement, name="Pat Provider", role="Director")
    plan = MonitoringPlan.objects.get(agreement=agreement)
    assert plan.indicators.count() == 3


def test_other_agreements_keep_the_plan_monitoring_made(officer):
    _launched_scheme(officer)
    agreement = make_agreement(
        by=officer, organisation=OrganisationFactory(), fund=None, status=AgreementStatus.ACTIVE
    )
    plan = MonitoringPlan.objects.get(agreement=agreement)
    assert plan.indicators.count() == 0
    assert not PlanAdjustment.objects.filter(plan=plan).exists()
