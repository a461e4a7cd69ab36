import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.plans import services
from commissioning.plans.models import Plan, Priority

from .factories import ObjectiveFactory, PlanFactory, PrincipleFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def current(admin_user):
    plan = PlanFactory(title="Police and Crime Plan 2017–2021")
    for number in range(1, 5):
        priority = PriorityFactory(plan=plan, number=number, title=f"Priority title {number}")
        for objective_number in range(1, 4):
            ObjectiveFactory(
                priority=priority, number=objective_number, text=f"Objective {number}.{objective_number}"
            )
    services.plan_make_current(by=admin_user, plan=plan)
    return plan


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.ASSESSOR, Role.COMMISSIONING_OFFICER, Role.PARTNER_ADMINISTRATOR]
)
def test_every_staff_role_reads_the_current_plan_but_cannot_change_it(client_as, current, role):
    response = client_as(role).get(reverse("plans:plan-current"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Police and Crime Plan 2017–2021" in html
    assert "Priority 4: Priority title 4" in html
    assert "Objective 3.2" in html
    assert reverse("plans:plan-edit", args=[current.pk]) not in html


def test_provider_users_and_the_public_cannot_read_staff_plan_pages(client, client_as, current):
    assert client_as(Role.PROVIDER).get(reverse("plans:plan-current")).status_code == 403
    response = client.get(reverse("plans:plan-current"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_only_an_administrator_changes_plans(client_as, current):
    officer = client_as(Role.COMMISSIONING_OFFICER)
    assert officer.get(reverse("plans:plan-edit", args=[current.pk])).status_code == 403
    assert officer.post(reverse("plans:plan-make-current", args=[current.pk])).status_code == 403
    priority = current.priorities.first()
    assert (
        officer.post(
            reverse("plans:priority-edit", args=[priority.pk]), {"number": 1, "title": "x"}
        ).status_code
        == 403
    )


def test_administrator_adds_a_plan_with_priorities_and_makes_it_current(client_as, current):
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("plans:plan-create"),
        {
            "title": "Police and Crime Plan 2025–2029",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2025",
            "ends_on_0": "31",
            "ends_on_1": "3",
            "ends_on_2": "2029",
            "summary": "A new plan",
        },
    )
    plan = Plan.objects.get(title="Police and Crime Plan 2025–2029")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan-detail", args=[plan.pk])

    response = admin.post(
        reverse("plans:priority-create", args=[plan.pk]), {"number": "1", "title": "Fight crime"}
    )
    assert response.status_code == 302
    admin.post(reverse("plans:plan-make-current", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_current
    page = admin.get(reverse("plans:plan-current")).content.decode()
    assert "Priority 1: Fight crime" in page


def test_bad_dates_are_explained_and_nothing_is_saved(client_as):
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("plans:plan-create"),
        {
            "title": "<script>alert(1)</script>",
            "starts_on_0": "31",
            "starts_on_1": "2",
            "starts_on_2": "2025",
            "ends_on_0": "",
            "ends_on_1": "",
            "ends_on_2": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The start date must be a real date" in html
    assert "Enter the end date" in html
    assert "<script>alert(1)</script>" not in html
    assert not Plan.objects.exists()


def test_end_before_start_is_refused_by_the_service_in_the_error_summary(client_as):
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("plans:plan-create"),
        {
            "title": "Backwards",
            "starts_on_0": "1",
            "starts_on_1": "4",
            "starts_on_2": "2025",
            "ends_on_0": "1",
            "ends_on_1": "4",
            "ends_on_2": "2024",
        },
    )
    assert response.status_code == 200
    assert "The end date must be after the start date" in response.content.decode()
    assert not Plan.objects.exists()


def test_duplicate_priority_number_is_shown_beside_the_field(client_as, current):
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("plans:priority-create", args=[current.pk]), {"number": "2", "title": "Clash"}
    )
    assert response.status_code == 200
    assert "This plan already has a priority numbered 2" in response.content.decode()
    assert Priority.objects.filter(plan=current).count() == 4


def test_objective_is_removed_after_confirmation(client_as, current):
    admin = client_as(Role.ADMINISTRATOR)
    objective = current.priorities.first().objectives.first()
    confirm = admin.get(reverse("plans:objective-remove", args=[objective.pk]))
    assert confirm.status_code == 200
    assert "Remove objective 1.1?" in confirm.content.decode()
    admin.post(reverse("plans:objective-remove", args=[objective.pk]))
    assert not type(objective).objects.filter(pk=objective.pk).exists()


def test_plan_page_queries_do_not_grow_with_priorities(client_as, admin_user, django_assert_max_num_queries):
    plan = PlanFactory()
    for number in range(1, 31):
        priority = PriorityFactory(plan=plan, number=number)
        for objective_number in range(1, 11):
            ObjectiveFactory(priority=priority, number=objective_number)
    services.plan_make_current(by=admin_user, plan=plan)
    client = client_as(Role.ADMINISTRATOR)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:plan-current"))
    assert response.content.decode().count("govuk-table__row") >= 300


def test_plan_list_and_principles_queries_are_bounded(client_as, django_assert_max_num_queries):
    for n in range(40):
        PriorityFactory(plan=PlanFactory(title=f"Plan {n}"), number=1)
    for _ in range(30):
        PrincipleFactory()
    client = client_as(Role.AUDITOR)
    with django_assert_max_num_queries(8):
        assert "Plan 39" in client.get(reverse("plans:plan-list")).content.decode()
    with django_assert_max_num_queries(8):
        assert "Principle 30" in client.get(reverse("plans:principle-list")).content.decode()


def test_administrator_changes_a_principle(client_as):
    principle = PrincipleFactory(number=5, text="Commission services not providers")
    admin = client_as(Role.ADMINISTRATOR)
    response = admin.post(
        reverse("plans:principle-edit", args=[principle.pk]),
        {
            "number": "5",
            "text": "Commission specific services rather than providers of service",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.text.startswith("Commission specific services")
    assert (
        client_as(Role.AUDITOR).get(reverse("plans:principle-edit", args=[principle.pk])).status_code == 403
    )
