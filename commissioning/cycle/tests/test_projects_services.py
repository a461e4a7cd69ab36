"""Commissioning projects' services: stages and their moves, the specification's versions, the options appraisal's
mechanism rules, the principles, launching a scheme, the review's conclusions."""

from decimal import Decimal

import pytest

from commissioning.accounts.permissions import PermissionRefused
from commissioning.accounts.roles import Role
from commissioning.agreements.models import Mechanism
from commissioning.audit.models import AuditEvent
from commissioning.audit.workflow import allowed_moves, history
from commissioning.core.errors import DomainError
from commissioning.cycle.models import Conclusion, OptionVerdict, ProjectStage, ReviewConclusion
from commissioning.cycle.selectors.projects import current_specification, do_refusal, specification_version
from commissioning.cycle.services.projects import (
    IndicatorTarget,
    OutcomeSought,
    mechanism_choose,
    option_save,
    principles_answer,
    project_move,
    review_conclude,
    specification_write,
)
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import OrganisationFactory

from .factories_projects import (
    OPTION_TEXT,
    OUTCOMES,
    grant_fund,
    launch_scheme,
    make_project,
    principles,
    ready_for_do,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


def test_a_project_starts_in_analyse_with_a_reference_and_needs_a_priority(officer):
    project = make_project(by=officer)
    assert project.stage == ProjectStage.ANALYSE
    assert project.reference.startswith("PRJ-")
    with pytest.raises(DomainError, match="Select at least one priority"):
        make_project(by=officer, priorities=[])


def test_stages_can_be_revisited_and_each_move_keeps_its_reason(officer):
    project = make_project(by=officer)
    project_move(by=officer, project=project, to=ProjectStage.PLAN, reason="Needs understood")
    project_move(
        by=officer, project=project, to=ProjectStage.ANALYSE, reason="A new needs assessment came in"
    )
    project_move(by=officer, project=project, to=ProjectStage.PLAN, reason="Back to the plan")
    moves = list(history(project).order_by("changed_at", "id"))
    assert [(m.from_status, m.to_status, m.reason) for m in moves] == [
        ("analyse", "plan", "Needs understood"),
        ("plan", "analyse", "A new needs assessment came in"),
        ("analyse", "plan", "Back to the plan"),
    ]
    assert AuditEvent.objects.filter(record_type="cycle.project", action="move to plan").count() == 2
    with pytest.raises(DomainError, match="Enter the reason"):
        project_move(by=officer, project=project, to=ProjectStage.REVIEW, reason=" ")


def test_a_project_cannot_reach_do_with_a_principle_unanswered(officer):
    project = ready_for_do(make_project(by=officer), by=officer, answer_all=False)
    with pytest.raises(DomainError, match="answer principle 10 of the commissioning principles"):
        project_move(by=officer, project=project, to=ProjectStage.DO, reason="Ready")
    project.refresh_from_db()
    assert project.stage == ProjectStage.ANALYSE
    # The overview's buttons say the same, from the move's guard.
    do_move = next(move for move in allowed_moves(project, officer) if move.to == ProjectStage.DO)
    assert not do_move.allowed and "principle 10" in do_move.reason


def test_the_refusal_to_move_to_do_says_everything_missing(officer):
    principles()
    project = make_project(by=officer)
    assert do_refusal(project) == (
        "The project cannot move to do yet: write the service specification, choose the mechanism and answer "
        "principles 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10 of the commissioning principles"
    )


def test_with_everything_answered_the_project_moves_to_do(officer):
    project = ready_for_do(make_project(by=officer), by=officer)
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    assert project.stage == ProjectStage.DO


def test_blank_evidence_leaves_a_principle_unanswered(officer):
    project = ready_for_do(make_project(by=officer), by=officer)
    first = principles()[0]
    assert principles_answer(by=officer, project=project, evidence={first.pk: "  "}) == 9
    assert "principle 1 " in do_refusal(project)


def test_the_specification_is_versioned_and_earlier_versions_stay_readable(officer):
    project = make_project(by=officer)
    first = specification_write(by=officer, project=project, delivered="Version one", outcomes=OUTCOMES)
    with pytest.raises(DomainError, match="Enter what changed"):
        specification_write(by=officer, project=project, delivered="Version two", outcomes=OUTCOMES)
    second = specification_write(
        by=officer,
        project=project,
        delivered="Version two",
        outcomes=[OutcomeSought("Only one outcome", [IndicatorTarget("People", Decimal("5"))])],
        revision_note="Narrowed",
    )
    assert (first.number, second.number) == (1, 2)
    assert current_specification(project).delivered == "Version two"
    earlier = specification_version(project, 1)
    assert earlier.delivered == "Version one"
    assert [o.text for o in earlier.outcomes.all()] == ["Victims feel safer", "Fewer repeat victims"]
    assert [i.name for i in earlier.outcomes.all()[0].indicators.all()] == ["Victims supported", "Feel safer"]


def test_a_specification_needs_an_outcome_and_indicators_need_targets(officer):
    project = make_project(by=officer)
    with pytest.raises(DomainError, match="at least one outcome"):
        specification_write(by=officer, project=project, delivered="A service", outcomes=[OutcomeSought("")])
    with pytest.raises(DomainError, match="Enter the target for People"):
        specification_write(
            by=officer,
            project=project,
            delivered="A service",
            outcomes=[OutcomeSought("Safer", [IndicatorTarget("People", None)])],
        )


def _option(officer, project, mechanism, **kwargs):
    return option_save(
        by=officer,
        project=project,
        mechanism=mechanism,
        verdict=kwargs.pop("verdict", OptionVerdict.TAKEN_FORWARD),
        **{**OPTION_TEXT, **kwargs},
    )


def test_a_partnership_is_refused_for_a_partner_that_is_not_a_public_body(officer):
    project = make_project(by=officer)
    charity = OrganisationFactory(name="Safe Homes Trust", sector=Sector.CHARITY)
    council = OrganisationFactory(name="Swindon Borough Council", sector=Sector.LOCAL_AUTHORITY)
    with pytest.raises(DomainError) as refused:
        _option(
            officer,
            project,
            Mechanism.PARTNERSHIP,
            partners=[council, charity],
            verdict=OptionVerdict.SET_ASIDE,
        )
    assert refused.value.message == (
        "A partnership agreement can only be made with public bodies: Safe Homes Trust is not one (it is a charity)"
    )
    option = _option(officer, project, Mechanism.PARTNERSHIP, partners=[council])
    assert list(option.partners.all()) == [council]
    # Taken forward, a partnership must name its partners.
    with pytest.raises(DomainError, match="name the public bodies"):
        _option(officer, project, Mechanism.PARTNERSHIP, partners=[])


def test_a_grant_must_be_small_and_quick_by_the_fund_rules(officer):
    grant_fund(max_award="25000.00", months=12)
    project = make_project(by=officer)
    with pytest.raises(
        DomainError, match="more than the largest maximum award, £25,000.00 \\(PCC Community Fund\\)"
    ):
        _option(officer, project, Mechanism.GRANT, estimated_value=Decimal("40000"), duration_months=6)
    with pytest.raises(DomainError, match="18 months is longer than the 12 months a one-off fund allows"):
        _option(officer, project, Mechanism.GRANT, estimated_value=Decimal("4000"), duration_months=18)
    # Set aside, the particulars need not meet the rule.
    _option(
        officer, project, Mechanism.GRANT, estimated_value=Decimal("40000"), verdict=OptionVerdict.SET_ASIDE
    )
    with pytest.raises(DomainError, match="set aside in the appraisal"):
        mechanism_choose(by=officer, project=project, mechanism=Mechanism.GRANT, reason="Why not")
    _option(officer, project, Mechanism.GRANT, estimated_value=Decimal("4000"), duration_months=12)
    mechanism_choose(by=officer, project=project, mechanism=Mechanism.GRANT, reason="Small")
    project.refresh_from_db()
    assert project.chosen_mechanism == Mechanism.GRANT
    with pytest.raises(DomainError, match="chosen mechanism: choose another"):
        _option(officer, project, Mechanism.GRANT, verdict=OptionVerdict.SET_ASIDE)


def test_accreditation_only_for_services_bought_in_units(officer):
    project = make_project(by=officer)
    with pytest.raises(DomainError, match="only for services bought in units: name the unit"):
        _option(officer, project, Mechanism.ACCREDITATION, unit="")
    option = _option(officer, project, Mechanism.ACCREDITATION, unit="A counselling session")
    assert option.unit == "A counselling session"


def test_choosing_a_mechanism_not_appraised_is_refused(officer):
    project = make_project(by=officer)
    with pytest.raises(DomainError, match="Appraise partnership agreement in the options appraisal"):
        mechanism_choose(by=officer, project=project, mechanism=Mechanism.PARTNERSHIP, reason="Because")


def test_launching_a_scheme_carries_priorities_specification_and_outcomes(officer):
    fund = grant_fund()
    project = ready_for_do(make_project(by=officer), by=officer)
    with pytest.raises(DomainError, match="Move the project to do"):
        launch_scheme(officer, project, fund)
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    launch = launch_scheme(officer, project, fund)
    scheme = launch.scheme
    assert set(scheme.priorities.all()) == set(project.priorities.all())
    assert scheme.guidance == "Outreach workers in rural areas."
    assert "1. Victims feel safer" in scheme.outcomes
    assert "Victims supported: target 120 people (higher is better)" in scheme.outcomes
    assert "Repeat victims: target 10 per cent (lower is better)" in scheme.outcomes
    assert launch.specification.number == 1
    assert scheme.project_launch.project == project


def test_the_other_mechanisms_cannot_be_launched_yet(officer):
    principles()
    fund = grant_fund()
    council = OrganisationFactory(name="Wiltshire Council", sector=Sector.LOCAL_AUTHORITY)
    project = ready_for_do(make_project(by=officer), by=officer)
    _option(officer, project, Mechanism.PARTNERSHIP, partners=[council])
    mechanism_choose(by=officer, project=project, mechanism=Mechanism.PARTNERSHIP, reason="Joint work")
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    with pytest.raises(
        DomainError, match="Launching a partnership agreement from a project is not built yet"
    ):
        launch_scheme(officer, project, fund)


def test_review_conclusions_are_kept_as_history(officer):
    project = make_project(by=officer)
    with pytest.raises(DomainError, match="Move the project to review"):
        review_conclude(by=officer, project=project, conclusion=Conclusion.CONTINUE, reason="Going well")
    project_move(by=officer, project=project, to=ProjectStage.REVIEW, reason="A year on")
    review_conclude(by=officer, project=project, conclusion=Conclusion.CONTINUE, reason="Going well")
    review_conclude(
        by=officer, project=project, conclusion=Conclusion.DECOMMISSION, reason="No longer needed"
    )
    assert [c.conclusion for c in ReviewConclusion.objects.filter(project=project)] == [
        "decommission",
        "continue",
    ]
    with pytest.raises(DomainError, match="Enter the reason"):
        review_conclude(by=officer, project=project, conclusion=Conclusion.CHANGE, reason="")


def test_only_officers_write_and_move_projects(officer, make_user):
    project = make_project(by=officer)
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionRefused):
        make_project(by=auditor)
    with pytest.raises(PermissionRefused):
        project_move(by=auditor, project=project, to=ProjectStage.PLAN, reason="Because")
    with pytest.raises(PermissionRefused):
        specification_write(by=auditor, project=project, delivered="x", outcomes=OUTCOMES)
