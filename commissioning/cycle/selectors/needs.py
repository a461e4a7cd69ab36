"""Reads for needs assessments: the staff list (filtered by priority, newest revision first), one assessment with
its versions, one version with its evidence, and what a commissioning project's form offers."""

from collections.abc import Iterable

from django.db.models import Max, Prefetch, Q, QuerySet

from commissioning.plans.models import Priority

from ..models import Evidence, NeedsAssessment, NeedsAssessmentVersion


def _priorities() -> Prefetch[str, QuerySet[Priority], str]:
    return Prefetch(
        "priorities", queryset=Priority.objects.select_related("plan").order_by("plan_id", "number")
    )


def _for_priority(priority_id: int | None) -> QuerySet[NeedsAssessment]:
    rows = NeedsAssessment.objects.all()
    if priority_id is None:
        return rows
    through = NeedsAssessment.priorities.through.objects.filter(priority_id=priority_id)
    return rows.filter(pk__in=through.values("needsassessment_id"))


def needs_assessments(*, priority_id: int | None = None) -> QuerySet[NeedsAssessment]:
    """Every assessment with its priorities and the number of its current version, most recently revised first."""
    return (
        _for_priority(priority_id)
        .annotate(current_number=Max("versions__number"))
        .prefetch_related(_priorities())
        .order_by("-updated_at", "-pk")
    )


def needs_list_keys(*, priority_id: int | None = None) -> QuerySet[NeedsAssessment, int]:
    """The list's ids in order, for paging without the joins (CappedPaginator's `load` reads the page's rows)."""
    return _for_priority(priority_id).order_by("-updated_at", "-pk").values_list("pk", flat=True)


def needs_list_rows(ids: Iterable[int]) -> list[NeedsAssessment]:
    ids = list(ids)
    found = {row.pk: row for row in needs_assessments().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def needs_assessment(pk: int) -> NeedsAssessment | None:
    """One assessment with its priorities and its versions (newest first) with who wrote each."""
    versions = NeedsAssessmentVersion.objects.select_related("written_by").order_by("-number")
    return (
        NeedsAssessment.objects.select_related("created_by")
        .prefetch_related(_priorities(), Prefetch("versions", queryset=versions))
        .filter(pk=pk)
        .first()
    )


def version_evidence(version: NeedsAssessmentVersion) -> list[Evidence]:
    return list(Evidence.objects.filter(version=version).order_by("kind", "title", "pk"))


def needs_for_priorities(priority_ids: Iterable[int]) -> QuerySet[NeedsAssessment]:
    """The assessments for any of these priorities (for a commissioning project's analysis), with their
    priorities and current version number."""
    through = NeedsAssessment.priorities.through.objects.filter(priority_id__in=list(priority_ids))
    return needs_assessments().filter(pk__in=through.values("needsassessment_id"))


def needs_assessment_choices() -> list[tuple[int, str]]:
    """(id, title) for a form's choice of assessments, by title."""
    return list(NeedsAssessment.objects.order_by("title", "pk").values_list("pk", "title"))


def priority_choices(*, including: Iterable[int] = ()) -> QuerySet[Priority]:
    """The priorities a record may be for: the current plan's, and any it names already (from an earlier plan)."""
    return (
        Priority.objects.filter(Q(plan__is_current=True) | Q(pk__in=list(including)))
        .select_related("plan")
        .order_by("-plan__is_current", "plan_id", "number")
    )
