from datetime import date

import pytest

from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.plans import services
from commissioning.plans.models import Objective, Plan, Priority
from commissioning.plans.selectors import current_plan, current_priorities

from .factories import ObjectiveFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def test_plan_must_end_after_it_starts(admin_user):
    plan = Plan(title="Plan", starts_on=date(2025, 4, 1), ends_on=date(2025, 4, 1))
    with pytest.raises(DomainError, match="end date must be after the start date"):
        services.plan_save(by=admin_user, plan=plan)
    assert not Plan.objects.exists()
    assert not AuditEvent.objects.exists()


def test_plan_save_is_audited_with_before_and_after(admin_user):
    plan = services.plan_save(
        by=admin_user, plan=Plan(title="Plan", starts_on=date(2025, 4, 1), ends_on=date(2029, 3, 31))
    )
    plan.title = "Police and Crime Plan 2025–2029"
    services.plan_save(by=admin_user, plan=plan)
    update = AuditEvent.objects.filter(record_type="plans.plan", action="update").get()
    assert update.actor == admin_user
    assert update.before["title"] == "Plan"
    assert update.after["title"] == "Police and Crime Plan 2025–2029"


def test_a_new_plan_replaces_the_current_one_and_its_priorities(admin_user):
    old = PriorityFactory(title="Old priority").plan
    services.plan_make_current(by=admin_user, plan=old)
    new = PriorityFactory(title="New priority").plan
    services.plan_make_current(by=admin_user, plan=new)

    assert current_plan() == new
    assert list(Plan.objects.filter(is_current=True)) == [new]
    assert [p.title for p in current_priorities()] == ["New priority"]
    assert Priority.objects.filter(plan=old).exists(), "the replaced plan keeps its priorities on record"
    assert AuditEvent.objects.filter(record_id=str(old.pk), action="replaced").exists()


def test_a_plan_without_priorities_cannot_become_current(admin_user):
    plan = PlanFactory()
    with pytest.raises(DomainError, match="at least one priority"):
        services.plan_make_current(by=admin_user, plan=plan)


def test_priority_numbers_are_unique_within_a_plan(admin_user):
    existing = PriorityFactory(number=1)
    with pytest.raises(DomainError, match="already has a priority numbered 1") as refused:
        services.priority_save(
            by=admin_user, priority=Priority(plan=existing.plan, number=1, title="Another")
        )
    assert refused.value.field == "number"
    other_plan = PlanFactory()
    services.priority_save(
        by=admin_user, priority=Priority(plan=other_plan, number=1, title="Fine elsewhere")
    )


def test_removing_an_objective_keeps_what_it_said_in_the_trail(admin_user):
    objective = ObjectiveFactory(text="Reduce repeat offending")
    pk = objective.pk
    services.objective_remove(by=admin_user, objective=objective)
    assert not Objective.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(record_type="plans.objective", record_id=str(pk))
    assert event.action == "delete"
    assert event.before is not None
    assert event.before["text"] == "Reduce repeat offending"
