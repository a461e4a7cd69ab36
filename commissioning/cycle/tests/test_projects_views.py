"""The commissioning project pages through HTTP: every page and form, bad input, who may see and change them, and
query bounds with many rows present."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.agreements.models import AgreementStatus, Mechanism
from commissioning.agreements.tests.factories import make_agreement
from commissioning.cycle.models import (
    MechanismOption,
    PrincipleAnswer,
    Project,
    ProjectLaunch,
    ProjectStage,
    ReviewConclusion,
    Specification,
)
from commissioning.cycle.services.projects import project_agreement_link, project_move
from commissioning.decommissioning.models import Kind, Reason
from commissioning.decommissioning.services import decommissioning_start
from commissioning.grants.tests.factories import provider_for
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import OrganisationFactory
from commissioning.plans.models import Priority

from .factories_projects import grant_fund, make_assessment, make_project, principles, ready_for_do

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def officer_client(client_as, officer):
    return client_as(user=officer)


def _url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.pk, *args])


def _errors(response):
    return response.content.decode()


def test_an_officer_starts_a_project_answering_a_needs_assessment(officer, officer_client):
    project = make_project(by=officer)  # makes the current plan's priorities
    priority = Priority.objects.filter(plan__is_current=True).first()
    assessment = make_assessment(by=officer, priorities=[priority])
    response = officer_client.post(reverse("projects:create"), {"title": "", "summary": ""})
    assert response.status_code == 200
    body = _errors(response)
    assert "Enter the title of the project" in body
    assert "Select at least one priority the project answers" in body
    response = officer_client.post(
        reverse("projects:create"),
        {
            "title": "Outreach",
            "summary": "Rural outreach",
            "priorities": [priority.pk],
            "needs_assessments": [assessment.pk],
        },
    )
    made = Project.objects.exclude(pk=project.pk).get()
    assert response.status_code == 302 and response["Location"] == _url("detail", made)
    assert list(made.needs_assessments.all()) == [assessment]
    page = officer_client.get(_url("detail", made)).content.decode()
    assert "Victims of domestic abuse" in page
    assert "Move to plan" in page


def test_moving_needs_a_reason_and_shows_in_the_history(officer, officer_client):
    project = make_project(by=officer)
    response = officer_client.post(_url("move", project), {"to": "plan", "reason": ""})
    assert "Enter the reason for the move" in _errors(response)
    response = officer_client.post(_url("move", project), {"to": "plan", "reason": "We know the need"})
    assert response.status_code == 302
    page = officer_client.get(_url("detail", project)).content.decode()
    assert "We know the need" in page and "Analyse to plan" in page


def test_the_move_to_do_is_refused_with_what_is_missing(officer, officer_client):
    principles()
    project = make_project(by=officer)
    response = officer_client.post(_url("move", project), {"to": "do", "reason": "Go"})
    assert response.status_code == 200
    assert "Select the stage to move the project to" in _errors(
        response
    )  # not offered while its guard refuses
    project.refresh_from_db()
    assert project.stage == ProjectStage.ANALYSE
    page = officer_client.get(_url("detail", project)).content.decode()
    assert "The project cannot move to do yet: write the service specification" in page


def test_analyse_links_agreements_and_suggests_those_naming_the_same_priorities(officer, officer_client):
    project = make_project(by=officer)
    organisation = OrganisationFactory(name="Victim Support Wessex")
    suggested = make_agreement(
        by=officer,
        organisation=organisation,
        fund=None,
        status=AgreementStatus.ACTIVE,
        priorities=list(project.priorities.all()),
        title="Victim support",
    )
    other = make_agreement(by=officer, organisation=organisation, fund=None, title="Something else")
    page = officer_client.get(_url("analyse", project)).content.decode()
    assert suggested.reference in page and other.reference not in page
    response = officer_client.post(_url("analyse", project), {"reference": "NOPE-1"})
    assert "There is no agreement with that reference" in _errors(response)
    officer_client.post(_url("analyse", project), {"reference": other.reference})
    officer_client.post(_url("agreement-link", project), {"agreement": suggested.pk})
    assert set(project.agreements.all()) == {suggested, other}
    response = officer_client.post(_url("analyse", project), {"reference": other.reference})
    assert "is already linked to this project" in _errors(response)
    officer_client.post(_url("agreement-unlink", project), {"agreement": other.pk})
    assert list(project.agreements.all()) == [suggested]
    assert officer_client.post(_url("agreement-link", project), {"agreement": "x"}).status_code == 404


def _specification_data(**extra):
    return {
        "delivered": "Outreach workers",
        "outcome_1": "Victims feel safer",
        "outcome_1_indicator_1_name": "Victims supported",
        "outcome_1_indicator_1_target": "120",
        "outcome_1_indicator_1_unit": "people",
        **extra,
    }


def test_the_specification_form_writes_versions(officer, officer_client):
    project = make_project(by=officer)
    response = officer_client.post(_url("specification", project), {"delivered": ""})
    body = _errors(response)
    assert "Enter what is to be delivered" in body
    response = officer_client.post(
        _url("specification", project), _specification_data(outcome_1_indicator_1_target="lots")
    )
    assert "The target of outcome 1, indicator 1 must be a number" in _errors(response)
    response = officer_client.post(_url("specification", project), _specification_data(outcome_1=""))
    assert "Enter outcome 1, or remove its indicators" in _errors(response)
    assert officer_client.post(_url("specification", project), _specification_data()).status_code == 302
    response = officer_client.post(_url("specification", project), _specification_data(delivered="Changed"))
    assert "Enter what changed from the earlier version" in _errors(response)
    officer_client.post(
        _url("specification", project), _specification_data(delivered="Changed", revision_note="More")
    )
    assert list(Specification.objects.filter(project=project).values_list("number", flat=True)) == [2, 1]
    plan = officer_client.get(_url("plan", project)).content.decode()
    assert "Changed" in plan and "Version 1" in plan
    earlier = officer_client.get(_url("specification-version", project, 1)).content.decode()
    assert "Outreach workers" in earlier and "Victims supported: target 120 people" in earlier
    assert officer_client.get(_url("specification-version", project, 9)).status_code == 404


def _option_data(**extra):
    return {
        "benefits": "Joint work",
        "restrictions": "Slow",
        "legal_requirements": "A section 22A agreement",
        "verdict": "taken_forward",
        "why": "Shared aims",
        **extra,
    }


def test_the_appraisal_refuses_a_partner_that_is_not_a_public_body(officer, officer_client):
    project = make_project(by=officer)
    OrganisationFactory(name="Safe Homes Trust", sector=Sector.CHARITY)
    OrganisationFactory(name="Wiltshire Council", sector=Sector.LOCAL_AUTHORITY)
    url = _url("option", project, Mechanism.PARTNERSHIP)
    assert "only be made with public bodies" in officer_client.get(url).content.decode()
    response = officer_client.post(url, _option_data(partners="Wiltshire Council\nSafe Homes Trust"))
    assert response.status_code == 200
    assert "Safe Homes Trust is not one (it is a charity)" in _errors(response)
    assert "Wiltshire Council\r\nSafe Homes Trust" in _errors(
        response
    ) or "Safe Homes Trust</textarea>" in _errors(response)
    response = officer_client.post(url, _option_data(partners="Nobody Ltd"))
    assert "There is no organisation called Nobody Ltd in the register" in _errors(response)
    response = officer_client.post(url, _option_data(benefits="", verdict=""))
    assert "Enter the benefits" in _errors(response)
    assert "Select whether the mechanism is taken forward or set aside" in _errors(response)
    assert officer_client.post(url, _option_data(partners="wiltshire council")).status_code == 302
    assert MechanismOption.objects.get(project=project).partners.get().name == "Wiltshire Council"
    assert officer_client.get(_url("option", project, "barter")).status_code == 404


def test_the_appraisal_checks_a_grant_and_an_accreditation(officer, officer_client):
    grant_fund(max_award="3000.00")
    project = make_project(by=officer)
    response = officer_client.post(
        _url("option", project, Mechanism.GRANT), _option_data(estimated_value="£40,000", duration_months="6")
    )
    assert "more than the largest maximum award, £3,000.00" in _errors(response)
    response = officer_client.post(
        _url("option", project, Mechanism.GRANT), _option_data(estimated_value="lots", duration_months="6")
    )
    assert "Estimated value must be an amount of money" in _errors(response)
    response = officer_client.post(_url("option", project, Mechanism.ACCREDITATION), _option_data())
    assert "only for services bought in units" in _errors(response)
    response = officer_client.post(_url("choose", project), {"mechanism": "grant", "reason": "Small"})
    assert "Appraise grant in the options appraisal before choosing it" in _errors(response)
    response = officer_client.post(_url("choose", project), {"mechanism": "", "reason": ""})
    assert "Select the mechanism the project will use" in _errors(response)


def test_the_principles_checklist(officer, officer_client):
    in_force = principles()
    project = make_project(by=officer)
    page = officer_client.get(_url("principles", project)).content.decode()
    assert in_force[0].text in page
    data = {f"principle_{p.pk}": f"Evidence {p.number}" for p in in_force[:9]}
    assert officer_client.post(_url("principles", project), data).status_code == 302
    assert PrincipleAnswer.objects.filter(project=project).count() == 9
    plan = officer_client.get(_url("plan", project)).content.decode()
    assert plan.count("Not answered") == 1


def test_do_launches_a_grant_scheme_and_the_project_page_shows_it(officer, officer_client):
    fund = grant_fund()
    project = ready_for_do(make_project(by=officer), by=officer)
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    page = officer_client.get(_url("do", project)).content.decode()
    assert "Launch a grant scheme" in page
    response = officer_client.post(_url("launch", project), {"fund": "", "name": "", "slug": "Not a slug!"})
    body = _errors(response)
    assert "Select the fund" in body and "Enter the scheme name" in body
    assert "The web address name must be lower-case letters" in body
    assert "Enter the opening date" in body
    response = officer_client.post(
        _url("launch", project),
        {
            "fund": fund.pk,
            "name": "Rural outreach grants",
            "slug": "rural-outreach-grants",
            "summary": "Grants for rural outreach",
            "opens_on_0": "1",
            "opens_on_1": "5",
            "opens_on_2": "2026",
            "closes_on_0": "1",
            "closes_on_1": "6",
            "closes_on_2": "2026",
        },
    )
    assert response.status_code == 302
    launch = ProjectLaunch.objects.get(project=project)
    assert "Victims feel safer" in launch.scheme.outcomes
    page = officer_client.get(_url("do", project)).content.decode()
    assert "Rural outreach grants" in page and "carrying specification version 1" in page
    overview = officer_client.get(_url("detail", project)).content.decode()
    assert "1 launched" in overview


def test_a_mechanism_not_yet_built_says_so_and_the_launch_refuses(officer, officer_client):
    principles()
    grant_fund()
    project = ready_for_do(make_project(by=officer), by=officer)
    from commissioning.cycle.services.projects import mechanism_choose, option_save

    option_save(
        by=officer,
        project=project,
        mechanism=Mechanism.ACCREDITATION,
        benefits="Choice",
        restrictions="Units",
        legal_requirements="Light-touch regime",
        verdict="taken_forward",
        why="Sessions",
        unit="A counselling session",
    )
    mechanism_choose(
        by=officer, project=project, mechanism=Mechanism.ACCREDITATION, reason="Bought by the session"
    )
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    page = officer_client.get(_url("do", project)).content.decode()
    assert "accreditation scheme from a project is not built yet" in page
    response = officer_client.get(_url("launch", project))
    assert response.status_code == 302 and response["Location"] == _url("do", project)


def test_review_shows_the_agreements_and_records_a_conclusion(officer, officer_client):
    project = make_project(by=officer)
    agreement = make_agreement(
        by=officer, organisation=OrganisationFactory(), fund=None, status=AgreementStatus.ACTIVE
    )
    project_agreement_link(by=officer, project=project, agreement=agreement)
    page = officer_client.get(_url("review", project)).content.decode()
    assert agreement.reference in page and "Move the project to review" in page
    project_move(by=officer, project=project, to=ProjectStage.REVIEW, reason="A year on")
    response = officer_client.post(_url("review", project), {"conclusion": "", "reason": ""})
    assert "Select the review&#x27;s conclusion" in _errors(
        response
    ) or "Select the review's conclusion" in _errors(response)
    response = officer_client.post(
        _url("review", project), {"conclusion": "continue", "reason": "Working well"}
    )
    assert response.status_code == 302
    assert ReviewConclusion.objects.get(project=project).reason == "Working well"
    assert "Working well" in officer_client.get(_url("review", project)).content.decode()


def test_non_officers_read_but_cannot_change(officer, client_as):
    project = make_project(by=officer)
    auditor = client_as(Role.AUDITOR)
    for name in ("detail", "analyse", "plan", "do", "review"):
        response = auditor.get(_url(name, project))
        assert response.status_code == 200
        assert "Change the project" not in response.content.decode()
    assert auditor.get(reverse("projects:list")).status_code == 200
    assert auditor.get(reverse("projects:create")).status_code == 403
    assert auditor.post(_url("move", project), {"to": "plan", "reason": "x"}).status_code == 403
    assert auditor.get(_url("specification", project)).status_code == 403
    assert auditor.post(_url("review", project), {"conclusion": "continue", "reason": "x"}).status_code == 403
    assert auditor.post(_url("analyse", project), {"reference": "X"}).status_code == 403


def test_providers_and_the_public_cannot_see_projects(officer, client):
    project = make_project(by=officer)
    provider = provider_for(OrganisationFactory())
    from django.test import Client

    provider_client = Client()
    provider_client.force_login(provider)
    assert provider_client.get(reverse("projects:list")).status_code == 403
    assert provider_client.get(_url("detail", project)).status_code == 403
    assert client.get(_url("detail", project)).status_code == 302  # sign in first
    officer_client = Client()
    officer_client.force_login(officer)
    assert officer_client.get(reverse("projects:detail", args=[99999])).status_code == 404


def test_the_list_filters_and_pages(officer, officer_client):
    project = make_project(by=officer, title="Alpha")
    other_priority = Priority.objects.filter(plan__is_current=True).order_by("number").last()
    make_project(by=officer, title="Beta", priorities=[other_priority])
    project_move(by=officer, project=project, to=ProjectStage.PLAN, reason="Go")
    page = officer_client.get(reverse("projects:list"), {"stage": "plan"}).content.decode()
    assert "Alpha" in page and "Beta" not in page
    response = officer_client.get(reverse("projects:list"), {"stage": "nowhere"})
    assert response.status_code == 200 and "Select a stage from the list" in response.content.decode()


def _many_projects(officer, count=30):
    principles()
    fund = grant_fund()
    organisation = OrganisationFactory()
    projects = [make_project(by=officer, title=f"Project {n}") for n in range(count)]
    agreements = [
        make_agreement(
            by=officer,
            organisation=organisation,
            fund=None,
            status=AgreementStatus.ACTIVE,
            priorities=list(projects[0].priorities.all()),
            starts_on=date(2026, 4, 1),
        )
        for _ in range(12)
    ]
    return projects, agreements, fund


def test_query_bounds_with_many_rows(officer, officer_client, django_assert_max_num_queries):
    projects, agreements, _ = _many_projects(officer)
    project = ready_for_do(projects[0], by=officer)
    for agreement in agreements:
        project_agreement_link(by=officer, project=project, agreement=agreement)
    project_move(by=officer, project=project, to=ProjectStage.REVIEW, reason="Reviewing")
    for agreement in agreements[:6]:
        decommissioning_start(by=officer, agreement=agreement, kind=Kind.END, reason=Reason.FUNDING)
    with django_assert_max_num_queries(10):
        assert officer_client.get(reverse("projects:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert officer_client.get(reverse("projects:list"), {"page": "2"}).status_code == 200
    for name, bound in (("detail", 10), ("analyse", 9), ("plan", 12), ("do", 4), ("review", 12)):
        with django_assert_max_num_queries(bound):
            assert officer_client.get(_url(name, project)).status_code == 200, name
    with django_assert_max_num_queries(5):
        assert officer_client.get(_url("principles", project)).status_code == 200
    with django_assert_max_num_queries(6):
        assert officer_client.get(_url("specification", project)).status_code == 200


def test_review_reads_ratings_returns_spend_and_feedback(officer, officer_client):
    from commissioning.agreements.tests.factories import allocate
    from commissioning.feedback.models import Feedback, FeedbackStatus
    from commissioning.finance.models import Payment
    from commissioning.monitoring.models import MonitoringReturn, ReturnStatus

    fund = grant_fund()
    allocate(fund, 2026, "100000.00")
    project = make_project(by=officer)
    agreement = make_agreement(
        by=officer, organisation=OrganisationFactory(), fund=fund, status=AgreementStatus.ACTIVE
    )
    project_agreement_link(by=officer, project=project, agreement=agreement)
    first = MonitoringReturn.objects.filter(plan__agreement=agreement).order_by("number").first()
    MonitoringReturn.objects.filter(pk=first.pk).update(status=ReturnStatus.REVIEWED, rating="amber")
    Feedback.objects.create(agreement=agreement, what_happened="Helpful", status=FeedbackStatus.APPROVED)
    Feedback.objects.create(agreement=agreement, what_happened="Spam", status=FeedbackStatus.REJECTED)
    line = agreement.funding.first()
    Payment.objects.create(
        commitment=line.commitment,
        amount="1250.00",
        paid_on=date(2026, 5, 1),
        reference="P1",
        created_by=officer,
    )
    page = officer_client.get(_url("review", project)).content.decode()
    scheduled = MonitoringReturn.objects.filter(plan__agreement=agreement).count()
    assert "Amber" in page
    assert f"1 of {scheduled}" in page
    assert "£1,250.00" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in page


def test_the_launched_schemes_staff_page_shows_the_outcomes_carried_across(officer, officer_client):
    from .factories_projects import launch_scheme

    fund = grant_fund()
    project = ready_for_do(make_project(by=officer), by=officer)
    project_move(by=officer, project=project, to=ProjectStage.DO, reason="Planned")
    scheme = launch_scheme(officer, project, fund).scheme
    page = officer_client.get(reverse("grants-staff:scheme", args=[scheme.pk])).content.decode()
    assert "Outcomes sought" in page and "Victims supported: target 120 people" in page


def test_editing_a_project_and_naming_the_intention_it_delivers(officer, officer_client):
    from commissioning.cycle.models import CommissioningIntentions, Intention
    from commissioning.finance.tests.factories import FinancialYearFactory

    project = make_project(by=officer)
    intentions = CommissioningIntentions.objects.create(
        financial_year=FinancialYearFactory(start_year=2026), created_by=officer
    )
    intention = Intention.objects.create(
        intentions=intentions,
        title="Rural victim support",
        description="Outreach",
        indicative_value="50000.00",
        starts_on=date(2026, 10, 1),
    )
    url = _url("edit", project)
    page = officer_client.get(url).content.decode()
    assert "Rural victim support" in page and 'value="Rural outreach for victims"' in page
    response = officer_client.post(url, {"title": "", "summary": "x", "priorities": [], "intention": "999"})
    body = _errors(response)
    assert "Enter the title of the project" in body
    assert "Select at least one priority the project answers" in body
    assert "Select a commissioning intention from the list" in body
    priority = project.priorities.first()
    response = officer_client.post(
        url, {"title": "Renamed", "summary": "x", "priorities": [priority.pk], "intention": intention.pk}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.intention) == ("Renamed", intention)
    assert "Rural victim support" in officer_client.get(_url("detail", project)).content.decode()


def test_review_shows_the_decommissioning_of_its_agreements(officer, officer_client):
    project = make_project(by=officer)
    agreement = make_agreement(
        by=officer, organisation=OrganisationFactory(), fund=None, status=AgreementStatus.ACTIVE
    )
    project_agreement_link(by=officer, project=project, agreement=agreement)
    page = officer_client.get(_url("review", project)).content.decode()
    assert "None of the project&#x27;s agreements is being decommissioned" in page or (
        "None of the project's agreements is being decommissioned" in page
    )
    proposal = decommissioning_start(by=officer, agreement=agreement, kind=Kind.END, reason=Reason.FUNDING)
    page = officer_client.get(_url("review", project)).content.decode()
    assert proposal.reference in page
    assert reverse("decommissioning:detail", args=[proposal.pk]) in page
    assert "Funding is no longer required or available" in page
