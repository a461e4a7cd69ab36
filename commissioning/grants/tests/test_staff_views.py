"""The staff pages of grants through HTTP: who may see what, the journeys (set up and open a scheme, assign,
declare, score, moderate, decide), messages for bad input, filters, and query counts with many rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.finance.models import FundRules
from commissioning.finance.tests.factories import AllocationFactory, FinancialYearFactory, FundFactory
from commissioning.governance.models import DelegatedLimit
from commissioning.grants.models import (
    ApplicationStatus,
    AssessorAssignment,
    CriterionScore,
    Decision,
    ModeratedScore,
    Scheme,
)
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory
from commissioning.plans.tests.factories import PriorityFactory

from .factories import (
    AssignmentFactory,
    SchemeFactory,
    scheme_with_criteria,
    score_all,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMISSIONING_OFFICER, full_name="Olive Officer")


@pytest.fixture
def assessor(make_user):
    return make_user(Role.ASSESSOR, full_name="Sam Assessor")


@pytest.fixture
def scheme():
    fund = FundFactory(name="Community Fund", code="PCF")
    AllocationFactory(
        fund=fund, financial_year=FinancialYearFactory(start_year=2026), amount=Decimal("20000.00")
    )
    return scheme_with_criteria(fund=fund, name="Community Fund 2026/27")


@pytest.fixture
def partner(make_user):
    """A partner administrator whose foundation administers its own fund, with a scheme."""
    person = make_user(Role.PARTNER_ADMINISTRATOR, full_name="Fiona Partner")
    foundation = OrganisationFactory(name="County Foundation")
    MembershipFactory(organisation=foundation, user=person, is_administrator=True)
    fund = FundFactory(name="Property Act Fund", code="PPAF")
    FundRules.objects.create(
        fund=fund, effective_from=date(2020, 4, 1), administering_organisation=foundation
    )
    person.partner_scheme = scheme_with_criteria(fund=fund, name="Property Act Fund round 2")
    return person


def _date(prefix, value):
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


# --- Schemes ------------------------------------------------------------------------------------------------------


class TestSchemes:
    def test_list_counts_applications_by_status_in_bounded_queries(
        self, client_as, scheme, django_assert_max_num_queries
    ):
        for _ in range(30):
            other = SchemeFactory(fund=scheme.fund)
            submitted_application(scheme=other, status=ApplicationStatus.SUBMITTED)
            submitted_application(scheme=other, status=ApplicationStatus.DECLINED)
        for _ in range(3):
            submitted_application(scheme=scheme)
        client = client_as(Role.AUDITOR)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("grants-staff:schemes"))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert "Community Fund 2026/27" in content
        assert "Submitted: 3" in content
        assert "Set up a scheme" not in content, "auditors only read"

    def test_providers_and_assessors_cannot_see_schemes(self, client_as):
        assert client_as(Role.PROVIDER).get(reverse("grants-staff:schemes")).status_code == 403
        assert client_as(Role.ASSESSOR).get(reverse("grants-staff:schemes")).status_code == 403

    def test_officer_sets_up_adds_criteria_and_opens_a_scheme(self, client_as, officer):
        fund = FundFactory(name="Police Property Act Fund", code="PPAF")
        client = client_as(user=officer)
        today = timezone.localdate()
        response = client.post(
            reverse("grants-staff:scheme-create"),
            {
                "fund": fund.pk,
                "name": "Police Property Act Fund round 2",
                "slug": "ppaf-round-2",
                "reference_prefix": "",
                "summary": "Small grants",
                "guidance": "We fund community groups",
                **_date("opens_on", today - timedelta(days=1)),
                "opens_time": "9am",
                **_date("closes_on", date(today.year + 1, 1, 31)),
                "closes_time": "5pm",
                "acceptance_period_days": "28",
                "grant_conditions": "Spend it on the project",
            },
        )
        assert response.status_code == 302
        scheme = Scheme.objects.get(slug="ppaf-round-2")
        assert scheme.reference_prefix == "PPAF"
        assert timezone.localtime(scheme.closes_at).hour == 17

        page = client.get(reverse("grants-staff:scheme", args=[scheme.pk])).content.decode()
        assert "Add at least one assessment criterion" in page
        client.post(
            reverse("grants-staff:criterion-add", args=[scheme.pk]),
            {"number": "1", "title": "Need", "weight": "70", "max_score": "5"},
        )
        response = client.post(reverse("grants-staff:scheme-open", args=[scheme.pk]), {})
        assert response.status_code == 200
        assert "must add up to 100: they add up to 70" in response.content.decode()
        client.post(
            reverse("grants-staff:criterion-add", args=[scheme.pk]),
            {"number": "2", "title": "Value", "weight": "30", "max_score": "5"},
        )
        response = client.post(reverse("grants-staff:scheme-open", args=[scheme.pk]), {})
        assert response.status_code == 302, response.content.decode()
        scheme.refresh_from_db()
        assert scheme.is_published

        response = client.post(reverse("grants-staff:scheme-close", args=[scheme.pk]), {})
        assert response.status_code == 302
        page = client.get(reverse("grants-staff:scheme", args=[scheme.pk])).content.decode()
        assert "Closed" in page

    def test_bad_scheme_input_gets_messages_not_errors(self, client_as, officer):
        fund = FundFactory()
        response = client_as(user=officer).post(
            reverse("grants-staff:scheme-create"),
            {
                "fund": fund.pk,
                "name": "X",
                "slug": "Not A Slug",
                "summary": "S",
                "guidance": "G",
                "opens_on_0": "31",
                "opens_on_1": "2",
                "opens_on_2": "2027",
                "opens_time": "25 o'clock",
                **_date("closes_on", date(2027, 5, 1)),
                "closes_time": "5pm",
                "acceptance_period_days": "lots",
            },
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "govuk-error-summary" in content
        assert "The opening date must be a real date" in content
        assert "The opening time must be a real time" in content
        assert "The number of days must be a whole number" in content
        response = client_as(user=officer).post(
            reverse("grants-staff:scheme-create"),
            {
                "fund": fund.pk,
                "name": "X",
                "slug": "Not A Slug",
                "summary": "S",
                "guidance": "G",
                **_date("opens_on", date(2027, 2, 1)),
                "opens_time": "9:30am",
                **_date("closes_on", date(2027, 5, 1)),
                "closes_time": "midday",
                "acceptance_period_days": "28",
            },
        )
        assert "lower-case letters, numbers and hyphens" in response.content.decode()
        assert not Scheme.objects.filter(name="X").exists()

    def test_partner_manages_only_their_funds_schemes(self, client_as, partner, scheme):
        client = client_as(user=partner)
        mine = partner.partner_scheme
        assert client.get(reverse("grants-staff:scheme", args=[mine.pk])).status_code == 200
        assert client.get(reverse("grants-staff:scheme", args=[scheme.pk])).status_code == 404
        assert client.get(reverse("grants-staff:scheme-edit", args=[scheme.pk])).status_code == 404
        listing = client.get(reverse("grants-staff:schemes")).content.decode()
        assert mine.name in listing
        assert scheme.name not in listing

    def test_auditor_cannot_change_a_scheme(self, client_as, scheme):
        assert (
            client_as(Role.AUDITOR).get(reverse("grants-staff:scheme-edit", args=[scheme.pk])).status_code
            == 403
        )


# --- Applications -------------------------------------------------------------------------------------------------


@pytest.fixture
def many_applications(scheme, make_user):
    """200 applications in assessment, each with two assessors who have scored every criterion."""
    people = [make_user(Role.ASSESSOR) for _ in range(2)]
    priority = PriorityFactory()
    applications = []
    for index in range(200):
        application = submitted_application(
            scheme=scheme,
            status=ApplicationStatus.IN_ASSESSMENT,
            amount_requested=Decimal(1000 + index * 10),
            priorities=[priority] if index % 2 else [],
        )
        for person in people:
            score_all(AssignmentFactory(application=application, assessor=person), 3)
        applications.append(application)
    return applications


class TestApplicationList:
    def test_bounded_queries_with_many_applications(
        self, client_as, many_applications, django_assert_max_num_queries
    ):
        client = client_as(Role.COMMISSIONING_OFFICER)
        # Session, user, roles, the filters' schemes, priorities and assessors, the (capped) count, the page's
        # applications, their assessors, the commissioning body.
        with django_assert_max_num_queries(10):
            response = client.get(reverse("grants-staff:applications"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "200 applications" in content
        assert content.count('href="/staff/grants/applications/') == 25
        for params in ({"page": "3"}, {"priority": many_applications[1].priorities.get().pk}):
            with django_assert_max_num_queries(10):
                response = client.get(reverse("grants-staff:applications"), params)
            assert response.status_code == 200

    def test_each_row_shows_its_application(self, client_as, scheme, make_user):
        application = submitted_application(
            scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT, amount_requested=Decimal("2500.50")
        )
        AssignmentFactory(
            application=application, assessor=make_user(Role.ASSESSOR, full_name="Ann <Assessor>")
        )
        AssignmentFactory(
            application=application, assessor=make_user(Role.ASSESSOR, full_name="Bob Assessor")
        )
        unassigned = submitted_application(scheme=scheme)
        content = (
            client_as(Role.COMMISSIONING_OFFICER).get(reverse("grants-staff:applications")).content.decode()
        )
        url = reverse("grants-staff:application", args=[application.pk])
        assert f'<a class="govuk-link" href="{url}">{application.reference}</a>' in content
        assert "£2,500.50" in content
        assert "In assessment" in content
        assert "Ann &lt;Assessor&gt;, Bob Assessor" in content
        assert f'href="{reverse("grants-staff:application", args=[unassigned.pk])}"' in content
        assert ">None</td>" in content
        assert timezone.localtime(application.submitted_at).strftime("%-d %b %Y") in content

    def test_a_long_list_is_counted_only_so_far(self, client_as, many_applications, monkeypatch):
        from commissioning.core import paging

        monkeypatch.setattr(paging, "DEFAULT_CAP", 50)
        client = client_as(Role.COMMISSIONING_OFFICER)
        url = reverse("grants-staff:applications")
        content = client.get(url).content.decode()
        assert "More than 50 applications." in content
        assert "200 applications" not in content
        # A page past the cap is still there: counting goes on to the end of the page asked for.
        newest_first = sorted(
            many_applications, key=lambda a: (a.submitted_at, a.created_at, a.pk), reverse=True
        )
        content = client.get(url, {"page": "7"}).content.decode()
        assert "page 7" in content
        assert newest_first[150].reference in content and newest_first[174].reference in content
        assert newest_first[149].reference not in content
        # Small results are counted exactly.
        content = client.get(url, {"amount_from": "1,000", "amount_to": "£1,090"}).content.decode()
        assert "10 applications match" in content

    def test_filters(self, client_as, many_applications, make_user):
        client = client_as(Role.COMMISSIONING_OFFICER)
        priority = many_applications[1].priorities.get()
        url = reverse("grants-staff:applications")
        assert "100 applications match" in client.get(url, {"priority": priority.pk}).content.decode()
        content = client.get(url, {"amount_from": "1,000", "amount_to": "£1,090"}).content.decode()
        assert "10 applications match" in content
        assert "0 applications match" in client.get(url, {"status": "approved"}).content.decode()
        lone = submitted_application(scheme=many_applications[0].scheme)
        content = client.get(url, {"status": "submitted", "assessor": "none"}).content.decode()
        assert "1 application match" in content and lone.reference in content
        someone = many_applications[0].assignments.first().assessor
        assert "200 applications match" in client.get(url, {"assessor": someone.pk}).content.decode()
        other_scheme = scheme_with_criteria()
        assert "0 applications match" in client.get(url, {"scheme": other_scheme.pk}).content.decode()

    def test_the_filters_offer_new_schemes_priorities_and_assessors_on_the_next_visit(
        self, client_as, scheme, make_user
    ):
        client = client_as(Role.COMMISSIONING_OFFICER)
        url = reverse("grants-staff:applications")
        client.get(url)  # the choices are now cached
        new_scheme = SchemeFactory(name="Brand new scheme")
        priority = PriorityFactory(title="Brand new priority")
        newcomer = make_user(full_name="Newly Appointed Assessor")
        newcomer.groups.add(Group.objects.get_or_create(name=Role.ASSESSOR)[0])
        content = client.get(url).content.decode()
        assert f'value="{new_scheme.pk}">Brand new scheme' in content
        assert f'value="{priority.pk}">' in content and "Brand new priority" in content
        assert "Newly Appointed Assessor" in content
        newcomer.groups.clear()
        assert "Newly Appointed Assessor" not in client.get(url).content.decode()

    def test_bad_filters_get_messages(self, client_as, scheme):
        client = client_as(Role.COMMISSIONING_OFFICER)
        response = client.get(
            reverse("grants-staff:applications"),
            {"amount_from": "lots", "status": "nonsense", "amount_to": "5", "page": "999"},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Amount from must be an amount of money" in content
        assert "from the list" in content

    def test_drafts_are_not_listed(self, client_as, scheme):
        from .factories import ApplicationFactory

        ApplicationFactory(scheme=scheme, project_title="Secret draft")
        content = (
            client_as(Role.COMMISSIONING_OFFICER).get(reverse("grants-staff:applications")).content.decode()
        )
        assert "Secret draft" not in content

    def test_partner_sees_only_their_funds_applications(self, client_as, partner, scheme):
        theirs = submitted_application(scheme=partner.partner_scheme, project_title="Their project")
        other = submitted_application(scheme=scheme, project_title="Other project")
        client = client_as(user=partner)
        content = client.get(reverse("grants-staff:applications")).content.decode()
        assert "Their project" in content and "Other project" not in content
        assert client.get(reverse("grants-staff:application", args=[theirs.pk])).status_code == 200
        assert client.get(reverse("grants-staff:application", args=[other.pk])).status_code == 404

    def test_assessors_and_providers_cannot_list(self, client_as):
        assert client_as(Role.ASSESSOR).get(reverse("grants-staff:applications")).status_code == 403
        assert client_as(Role.PROVIDER).get(reverse("grants-staff:applications")).status_code == 403


class TestApplicationPage:
    def test_bounded_queries_and_everything_shown(
        self, client_as, scheme, make_user, django_assert_max_num_queries
    ):
        application = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        application.question_definitions = {
            "project_title": {
                "section": "project",
                "kind": "column",
                "label": "What is your project called?",
            },
            "amount_requested": {
                "section": "project",
                "kind": "column",
                "label": "How much are you applying for?",
            },
            "safety_plan": {
                "section": "project",
                "kind": "answer",
                "label": "How will you keep people safe?",
            },
        }
        application.answers = {"safety_plan": "Two trained volunteers at every session"}
        application.save()
        for _ in range(12):
            score_all(AssignmentFactory(application=application, assessor=make_user(Role.ASSESSOR)), 4)
        client = client_as(Role.COMMISSIONING_OFFICER)
        # Session, user, roles, the application, its priorities, budget lines, documents, assessors, their
        # scores, the moderated scores, the scheme's criteria, the delegated limit, the fund's rules, the
        # commissioning body and the history: however many assessors and scores.
        with django_assert_max_num_queries(15):
            response = client.get(reverse("grants-staff:application", args=[application.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert "How will you keep people safe?" in content
        assert "Two trained volunteers at every session" in content
        assert "£2,500.00" in content
        assert "Weighted total" in content
        assert "80.00%" in content
        assert "History" in content

    def test_assessor_sees_only_assigned_and_no_scores(self, client_as, scheme, assessor, make_user):
        assigned = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        other = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        AssignmentFactory(application=assigned, assessor=assessor)
        score_all(AssignmentFactory(application=assigned, assessor=make_user(Role.ASSESSOR)), 5)
        client = client_as(user=assessor)
        response = client.get(reverse("grants-staff:application", args=[assigned.pk]))
        assert response.status_code == 200
        assert "Weighted total" not in response.content.decode()
        assert client.get(reverse("grants-staff:application", args=[other.pk])).status_code == 404
        assignment = AssessorAssignment.objects.get(application=other) if other.assignments.exists() else None
        assert assignment is None

    def test_assessor_cannot_open_someone_elses_assessment(self, client_as, scheme, assessor, make_user):
        application = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        theirs = AssignmentFactory(application=application, assessor=make_user(Role.ASSESSOR))
        assert (
            client_as(user=assessor).get(reverse("grants-staff:assessment", args=[theirs.pk])).status_code
            == 404
        )
        assert (
            client_as(Role.COMMISSIONING_OFFICER)
            .get(reverse("grants-staff:assessment", args=[theirs.pk]))
            .status_code
            == 404
        )

    def test_providers_cannot_use_staff_pages(self, client_as, scheme):
        application = submitted_application(scheme=scheme)
        assert (
            client_as(Role.PROVIDER)
            .get(reverse("grants-staff:application", args=[application.pk]))
            .status_code
            == 403
        )


# --- The assessment journey ---------------------------------------------------------------------------------------


class TestAssessmentJourney:
    def test_assign_declare_score_moderate_and_decide(
        self, client_as, scheme, officer, assessor, make_user, mailoutbox
    ):
        for role, amount in ((Role.COMMISSIONING_OFFICER, "5000.00"), (Role.COMMISSIONER, None)):
            DelegatedLimit.objects.create(
                role=role, max_amount=Decimal(amount) if amount else None, effective_from=date(2017, 4, 1)
            )
        application = submitted_application(
            scheme=scheme, amount_requested=Decimal("8000.00"), priorities=[PriorityFactory()]
        )
        officer_client = client_as(user=officer)
        response = officer_client.post(
            reverse("grants-staff:assign", args=[application.pk]), {"assessor": ""}
        )
        assert "Choose who should assess this application" in response.content.decode()
        response = officer_client.post(
            reverse("grants-staff:assign", args=[application.pk]), {"assessor": assessor.pk}
        )
        assert response.status_code == 302
        assignment = AssessorAssignment.objects.get(application=application)

        assessor_client = client_as(user=assessor)
        mine = assessor_client.get(reverse("grants-staff:my-assessments")).content.decode()
        assert application.reference in mine and "Declare conflicts" in mine
        url = reverse("grants-staff:assessment", args=[assignment.pk])
        response = assessor_client.post(url, {"has_conflict": "yes", "conflict_details": ""})
        assert "Enter the details of your conflict of interest" in response.content.decode()
        response = assessor_client.post(url, {"has_conflict": "no"})
        assert response.status_code == 302

        criteria = list(scheme.criteria.order_by("number"))
        page = assessor_client.get(url).content.decode()
        assert "4 – Good" in page and "Assess the application" in page
        scores = {f"score_{c.pk}": "4" for c in criteria}
        response = assessor_client.post(url, {**scores, "complete": "1"})
        assert "Enter a comment on the score for criterion 1" in response.content.decode()
        comments = {f"comment_{c.pk}": "Clear evidence" for c in criteria}
        response = assessor_client.post(url, {**scores, **comments, "complete": "1"})
        assert response.status_code == 302
        assert CriterionScore.objects.filter(assignment=assignment).count() == 3

        moderation = reverse("grants-staff:moderation", args=[application.pk])
        data = {f"score_{c.pk}": "4" for c in criteria}
        data.update({f"reason_{c.pk}": "Agreed" for c in criteria[:2]})
        response = officer_client.post(moderation, {**data, "complete": "1"})
        content = response.content.decode()
        assert (
            "Enter the reason for the moderated score for criterion 3: Links to the Police and Crime Plan"
            in content
        )
        data[f"reason_{criteria[2].pk}"] = "Agreed too"
        response = officer_client.post(moderation, {**data, "complete": "1"})
        assert response.status_code == 302
        assert ModeratedScore.objects.filter(application=application).count() == 3

        decision_url = reverse("grants-staff:decision", args=[application.pk])
        page = officer_client.get(decision_url).content.decode()
        assert "Your delegated limit is £5,000" in page
        response = officer_client.post(decision_url, {"outcome": "approve", "reasons": "Good"})
        assert response.status_code == 200
        assert "Your delegated limit is £5,000" in response.content.decode()
        assert not Decision.objects.exists()

        commissioner = client_as(Role.COMMISSIONER)
        response = commissioner.post(decision_url, {"outcome": "approve_different", "reasons": "Good"})
        assert "Enter the amount approved" in response.content.decode()
        response = commissioner.post(decision_url, {"outcome": "approve", "reasons": "Strong application"})
        assert response.status_code == 302
        decision = Decision.objects.get()
        assert decision.agreement.value == Decimal("8000.00")
        page = commissioner.get(reverse("grants-staff:application", args=[application.pk])).content.decode()
        assert decision.agreement.reference in page

    def test_conflict_page_explains(self, client_as, scheme, officer, assessor):
        application = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        assignment = AssignmentFactory(application=application, assessor=assessor)
        client = client_as(user=assessor)
        url = reverse("grants-staff:assessment", args=[assignment.pk])
        client.post(url, {"has_conflict": "yes", "conflict_details": "I am a trustee"})
        page = client.get(url).content.decode()
        assert "You cannot score this application" in page
        officer_page = client_as(user=officer).get(reverse("grants-staff:application", args=[application.pk]))
        assert "I am a trustee" in officer_page.content.decode()

    def test_my_assessments_bounded(self, client_as, scheme, assessor, django_assert_max_num_queries):
        for _ in range(40):
            AssignmentFactory(
                application=submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT),
                assessor=assessor,
            )
        client = client_as(user=assessor)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("grants-staff:my-assessments"))
        assert response.content.decode().count("Declare conflicts") == 40

    def test_assessor_group_member_listed_for_assignment(self, client_as, scheme, officer, make_user):
        application = submitted_application(scheme=scheme)
        person = make_user(full_name="Una Roleless")
        content = (
            client_as(user=officer)
            .get(reverse("grants-staff:assign", args=[application.pk]))
            .content.decode()
        )
        assert "Una Roleless" not in content
        person.groups.add(Group.objects.get_or_create(name=Role.ASSESSOR)[0])
        content = (
            client_as(user=officer)
            .get(reverse("grants-staff:assign", args=[application.pk]))
            .content.decode()
        )
        assert "Una Roleless" in content


# --- Work waiting -------------------------------------------------------------------------------------------------


class TestWorkWaiting:
    def test_each_person_sees_their_own_work_on_the_dashboard(
        self, client_as, scheme, officer, assessor, make_user
    ):
        # Every source's work, as the dashboard counts it (core.work), in one query.
        from commissioning.dashboard.work import work_waiting

        DelegatedLimit.objects.create(
            role=Role.COMMISSIONING_OFFICER, max_amount=Decimal("5000.00"), effective_from=date(2017, 4, 1)
        )
        submitted_application(scheme=scheme)  # no assessor yet
        to_declare = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        AssignmentFactory(application=to_declare, assessor=assessor)
        ready = submitted_application(scheme=scheme, status=ApplicationStatus.IN_ASSESSMENT)
        score_all(AssignmentFactory(application=ready, assessor=make_user(Role.ASSESSOR)), 3)
        conflicted = AssignmentFactory(
            application=ready, assessor=make_user(Role.ASSESSOR), has_conflict=True
        )
        assert conflicted.has_conflict
        submitted_application(
            scheme=scheme, status=ApplicationStatus.MODERATED, amount_requested=Decimal("4000")
        )
        submitted_application(
            scheme=scheme, status=ApplicationStatus.MODERATED, amount_requested=Decimal("9000")
        )

        mine = {item.label: item.count for item in work_waiting(assessor)}
        assert mine == {"Assessments waiting for your conflict of interest declaration": 1}
        officers = {item.label: item.count for item in work_waiting(officer)}
        assert officers == {
            "Submitted applications without an assessor": 1,
            "Applications ready to moderate": 1,
            "Moderated applications waiting for your decision": 1,
        }
        assert work_waiting(make_user(Role.AUDITOR)) == []

        page = client_as(user=officer).get(reverse("dashboard:home")).content.decode()
        assert "Applications ready to moderate" in page
        # The links lead to lists holding exactly those applications.
        for item in work_waiting(officer):
            listed = client_as(user=officer).get(item.url).content.decode()
            noun = "application" if item.count == 1 else "applications"
            assert f"{item.count} {noun} match" in listed, item.label

    def test_a_submitted_application_without_assessors_reads_no_scores(
        self, client_as, scheme, django_assert_max_num_queries
    ):
        application = submitted_application(scheme=scheme)
        client = client_as(Role.COMMISSIONING_OFFICER)
        # As above, less the assessors' scores, the moderated scores and the scheme's criteria: a submitted
        # application has no moderated scores, and without assessors there is no table of scores to show.
        with django_assert_max_num_queries(12):
            response = client.get(reverse("grants-staff:application", args=[application.pk]))
        content = response.content.decode()
        assert "No one has been asked to assess this application yet." in content
        assert "Scores by criterion" not in content

    def test_long_queues_are_counted_only_so_far_in_bounded_queries(
        self, client_as, scheme, officer, monkeypatch, django_assert_max_num_queries
    ):
        from commissioning.dashboard import work

        monkeypatch.setattr(work, "WORK_COUNT_CAP", 3)
        DelegatedLimit.objects.create(
            role=Role.COMMISSIONING_OFFICER, max_amount=Decimal("5000.00"), effective_from=date(2017, 4, 1)
        )
        for _ in range(5):
            submitted_application(scheme=scheme)
        for _ in range(2):
            submitted_application(
                scheme=scheme, status=ApplicationStatus.MODERATED, amount_requested=Decimal(900)
            )
        items = {item.label: (item.count, item.more) for item in work.work_waiting(officer)}
        assert items["Submitted applications without an assessor"] == (3, True)
        assert items["Moderated applications waiting for your decision"] == (2, False)
        client = client_as(user=officer)
        # At most: session, user, roles, organisation, the delegated limit, the commissioning body and every
        # source's work waiting (grants, monitoring, decisions, feedback) counted in one query (the first request
        # leaves some of these cached).
        with django_assert_max_num_queries(6):
            page = client.get(reverse("dashboard:home")).content.decode()
        assert "More than 3" in page

    def test_dashboard_with_nothing_waiting(self, client_as):
        page = client_as(Role.AUDITOR).get(reverse("dashboard:home")).content.decode()
        assert "Nothing is waiting for you" in page
