"""Reads for commissioning intentions: the staff list of years, one year with its items, the public list of
published years and a published year by priority."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from commissioning.plans.models import Priority

from ..models import CommissioningIntentions, Intention, IntentionsStatus


def _items() -> Prefetch[str, QuerySet[Intention], str]:
    priorities = Prefetch("priorities", queryset=Priority.objects.order_by("plan_id", "number"))
    return Prefetch(
        "items",
        queryset=Intention.objects.prefetch_related(priorities).order_by("position", "starts_on", "title"),
    )


def intentions_years() -> QuerySet[CommissioningIntentions]:
    """Every year's intentions, newest year first, with how many projects and their indicative total."""
    return (
        CommissioningIntentions.objects.select_related("financial_year", "decision")
        .annotate(item_count=Count("items"), total=Sum("items__indicative_value"))
        .order_by("-financial_year__start_year")
    )


def years_open_to_intentions(*, today_start_year: int) -> list[int]:
    """The financial years a set of intentions may be started for: this year and the next two, less those that
    have one already."""
    taken = set(CommissioningIntentions.objects.values_list("financial_year__start_year", flat=True))
    return [year for year in range(today_start_year, today_start_year + 3) if year not in taken]


def intentions_detail(pk: int) -> CommissioningIntentions | None:
    """One year's intentions with their items (and each item's priorities) and the decision record."""
    return (
        CommissioningIntentions.objects.select_related("financial_year", "decision", "created_by")
        .prefetch_related(_items())
        .filter(pk=pk)
        .first()
    )


def intention_item(intentions: CommissioningIntentions, pk: int) -> Intention | None:
    return next((item for item in intentions.items.all() if item.pk == pk), None)


def submit_problem(intentions: CommissioningIntentions) -> str:
    """Why the intentions cannot be submitted for decision yet, or "" (the submit button's guard and the
    service's check)."""
    if not intentions.summary.strip():
        return "Enter a summary of the year's intentions before submitting them"
    if not intentions.items.exists():
        return "Add at least one project the body plans to start before submitting"
    return ""


def published_intentions() -> QuerySet[CommissioningIntentions]:
    """The years the public may see (published only), newest first, with their count and total."""
    return intentions_years().filter(status=IntentionsStatus.PUBLISHED)


def published_year(start_year: int) -> CommissioningIntentions | None:
    return (
        published_intentions()
        .filter(financial_year__start_year=start_year)
        .prefetch_related(_items())
        .first()
    )


@dataclass
class PriorityIntentions:
    """A priority and the year's projects for it (a project for two priorities appears under both)."""

    priority: Priority
    items: list[Intention] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((item.indicative_value for item in self.items), Decimal(0))


def by_priority(intentions: CommissioningIntentions) -> list[PriorityIntentions]:
    """The year's items grouped by priority, in the plan's order, from the items already fetched."""
    groups: dict[int, PriorityIntentions] = {}
    order: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for item in intentions.items.all():
        for priority in item.priorities.all():
            groups.setdefault(priority.pk, PriorityIntentions(priority)).items.append(item)
            order[priority.pk] = (priority.plan_id, priority.number)
    return [groups[pk] for pk in sorted(groups, key=lambda pk: order[pk])]
