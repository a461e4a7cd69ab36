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
