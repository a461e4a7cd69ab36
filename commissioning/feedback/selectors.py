"""Reading feedback: the public list of services, the moderation queue, and summaries by theme for monitoring."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse

from commissioning.accounts.permissions import may
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.agreements.selectors import title_or_organisation_matches
from commissioning.core.work import WorkCount

from .models import Feedback, FeedbackStatus, Theme

RECENT_SHOWN = 5


def services_open_to_feedback(*, search: str = "") -> QuerySet[Agreement]:
    """Services running now, as the public may see them: title and provider name only, by title."""
    services = (
        Agreement.objects.filter(status=AgreementStatus.ACTIVE)
        .select_related("organisation")
        .only("id", "title", "organisation__name")
        .order_by("title", "id")
    )
    search = search.strip()
    if search:
        services = services.filter(title_or_organisation_matches(search))
    return services


def service_open_to_feedback(pk: int) -> Agreement | None:
    return services_open_to_feedback().filter(pk=pk).first()


def moderation_queue() -> QuerySet[Feedback]:
    """Feedback waiting for moderation, oldest first, with its service and provider."""
    return (
        Feedback.objects.filter(status=FeedbackStatus.PENDING)
        .select_related("agreement__organisation")
        .only(
            "id",
            "what_happened",
            "name",
            "email",
            "phone",
            "received_at",
            "status",
            "agreement__id",
            "agreement__reference",
            "agreement__title",
            "agreement__organisation__name",
        )
        .order_by("received_at", "id")
    )


def feedback_with_details(pk: int) -> Feedback | None:
    return (
        Feedback.objects.select_related("agreement__organisation", "moderated_by")
        .prefetch_related("themes")
        .filter(pk=pk)
        .first()
    )


def theme_by_pk(pk: int) -> Theme | None:
    return Theme.objects.filter(pk=pk).first()


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True).order_by("position", "name")


def themes_with_use() -> QuerySet[Theme]:
    """Every theme, those offered first, with how much approved feedback is filed under each."""
    return Theme.objects.annotate(
        approved=Count("feedback", filter=Q(feedback__status=FeedbackStatus.APPROVED))
    ).order_by("-is_active", "position", "name")


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme
    count: int


@dataclass(frozen=True)
class FeedbackSummary:
    """What the public said about one service: approved feedback counted by theme (most first), how much is still
    waiting for moderation, and the latest approved feedback."""

    approved: int
    waiting: int
    themes: list[ThemeCount] = field(default_factory=list)
    recent: list[Feedback] = field(default_factory=list)


def _received_between(received_from: date | None, received_to: date | None) -> Q:
    bounds = Q()
    if received_from is not None:
        bounds &= Q(feedback__received_at__date__gte=received_from)
    if received_to is not None:
        bounds &= Q(feedback__received_at__date__lte=received_to)
    return bounds


def themes_for_agreements(
    agreements: Iterable[Agreement | int],
    *,
    received_from: date | None = None,
    received_to: date | None = None,
) -> dict[int, list[ThemeCount]]:
    """Approved feedback on each agreement counted by theme, most first (then in the themes' own order), in one
    query however many agreements: each theme's row comes with the agreement and the count.

    Agreements with no approved feedback map to an empty list. Dates bound when the feedback was received.
    """
    ids = [item if isinstance(item, int) else item.pk for item in agreements]
    result: dict[int, list[ThemeCount]] = {pk: [] for pk in ids}
    if not ids:
        return result
    rows = (
        Theme.objects.filter(
            Q(feedback__agreement_id__in=ids, feedback__status=FeedbackStatus.APPROVED)
            & _received_between(received_from, received_to)
        )
        .annotate(counted_for=F("feedback__agreement_id"), count=Count("feedback"))
        .order_by()
    )
    grouped: dict[int, list[ThemeCount]] = defaultdict(list)
    for theme in rows:
        grouped[theme.counted_for].append(ThemeCount(theme=theme, count=theme.count))
    for agreement_id, items in grouped.items():
        result[agreement_id] = sorted(
            items, key=lambda item: (-item.count, item.theme.position, item.theme.name)
        )
    return result


def feedback_summary(agreement: Agreement) -> FeedbackSummary:
    """The feedback summary of one service, for its monitoring page and the staff feedback page.

    One query when the service has no approved feedback (most have none); otherwise three more: the latest approved
    feedback, their themes, and the count by theme (`themes_for_agreements`).
    """
    totals = Feedback.objects.filter(agreement=agreement).aggregate(
        approved=Count("id", filter=Q(status=FeedbackStatus.APPROVED)),
        waiting=Count("id", filter=Q(status=FeedbackStatus.PENDING)),
    )
    if not totals["approved"]:
        return FeedbackSummary(approved=0, waiting=totals["waiting"])
    recent = list(
        Feedback.objects.filter(agreement=agreement, status=FeedbackStatus.APPROVED)
        .only("id", "agreement_id", "what_happened", "received_at", "status")
        .prefetch_related("themes")
        .order_by("-received_at", "-id")[:RECENT_SHOWN]
    )
    return FeedbackSummary(
        approved=totals["approved"],
        waiting=totals["waiting"],
        themes=themes_for_agreements([agreement])[agreement.pk],
        recent=recent,
    )


def approved_feedback(agreement: Agreement) -> QuerySet[Feedback]:
    """A service's approved feedback, newest first, with its themes; without contact details, which only moderators
    see."""
    return (
        Feedback.objects.filter(agreement=agreement, status=FeedbackStatus.APPROVED)
        .only("id", "agreement_id", "what_happened", "received_at", "status")
        .prefetch_related("themes")
        .order_by("-received_at", "-id")
    )


def work_waiting(user: Any) -> list[WorkCount]:
    """Feedback waiting for moderation, for those who moderate it (core/work.py)."""
    if not may(user, "feedback.moderate"):
        return []
    return [
        WorkCount(
            "Public feedback waiting for moderation",
            Feedback.objects.filter(status=FeedbackStatus.PENDING),
            reverse("feedback-staff:queue"),
        )
    ]
