"""Writes for the monthly publication: one record per month, made once."""

import calendar
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.audit.services import audit_record
from commissioning.core.actors import Actor, person_id
from commissioning.core.errors import DomainError

from .models import MonthlyPublication, PublishedGrant
from .selectors import grants_due_for_publication


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(today: date) -> date:
    """The first day of the month before `today`'s: the month a run on the 1st publishes."""
    first = today.replace(day=1)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


def month_publish(*, by: Actor, month: date, at: datetime | None = None) -> MonthlyPublication:
    """Publish `month`: record every published grant awarded up to its last day that no earlier publication
    contained, with the time of publication. Idempotent: a month already published is returned unchanged.

    `at` is when it was published; only the demo passes it (to show past months), and never in the future."""
    require(by, "publication.publish")
    month = month.replace(day=1)
    now = timezone.now()
    at = at or now
    if at > now:
        raise DomainError("A publication cannot be dated in the future")
    if month_end(month) >= timezone.localdate(at):
        raise DomainError(f"{month:%B %Y} has not ended yet, so it cannot be published")
    existing = MonthlyPublication.objects.filter(month=month).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            grants = list(grants_due_for_publication(month_end(month)).values_list("pk", flat=True))
            total = grants_due_for_publication(month_end(month)).aggregate(total=Sum("value"))["total"]
            publication = MonthlyPublication.objects.create(
                month=month,
                published_at=at,
                published_by_id=person_id(by),
                grant_count=len(grants),
                amount_total=(total or Decimal("0")).quantize(Decimal("0.01")),
            )
            PublishedGrant.objects.bulk_create(
                [PublishedGrant(publication=publication, agreement_id=pk) for pk in grants], batch_size=1000
            )
            audit_record(
                by=by,
                action="publish",
                instance=publication,
                before=None,
                after={
                    "month": month,
                    "published_at": at,
                    "grant_count": len(grants),
                    "amount_total": publication.amount_total,
                },
            )
    except IntegrityError:
        # Another run published the month (or one of its grants) at the same moment: theirs stands.
        return MonthlyPublication.objects.get(month=month)
    return publication
