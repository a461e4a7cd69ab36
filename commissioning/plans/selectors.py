"""Reads for plans and principles, with their children already fetched."""

from django.db.models import Count, Prefetch, QuerySet

from .models import CommissioningPrinciple, Objective, Plan, Priority


def plan_with_priorities(queryset: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
    priorities = Priority.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    ).order_by("number")
    base = queryset if queryset is not None else Plan.objects.all()
    return base.prefetch_related(Prefetch("priorities", queryset=priorities))


def current_plan() -> Plan | None:
    return plan_with_priorities(Plan.objects.filter(is_current=True)).first()


def current_priorities() -> QuerySet[Priority]:
    """The priorities people choose from today: those of the current plan."""
    return Priority.objects.filter(plan__is_current=True).select_related("plan").order_by("number")


def plans_list() -> QuerySet[Plan]:
    return Plan.objects.annotate(priority_count=Count("priorities")).order_by("-starts_on")


def principles(*, include_retired: bool = False) -> QuerySet[CommissioningPrinciple]:
    queryset = CommissioningPrinciple.objects.order_by("number")
    return queryset if include_retired else queryset.filter(is_active=True)


def priority_with_plan() -> QuerySet[Priority]:
    return Priority.objects.select_related("plan")


def objective_with_plan() -> QuerySet[Objective]:
    return Objective.objects.select_related("priority__plan")


def next_priority_number(plan: Plan) -> int:
    """The number a new priority of the plan would take: one after the highest (the plan's priorities are
    already fetched)."""
    return max((priority.number for priority in plan.priorities.all()), default=0) + 1


def next_objective_number(priority: Priority) -> int:
    return (priority.objectives.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def next_principle_number() -> int:
    return (principles(include_retired=True).values_list("number", flat=True).last() or 0) + 1
