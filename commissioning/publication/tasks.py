"""Background work for publication, run by the TASKS backend (ImmediateBackend in development and tests)."""

from datetime import date

from django_tasks import task

from commissioning.core.actors import BACKGROUND_TASK

from .services import month_publish


@task()
def publish_month(*, month: str) -> dict[str, str | int]:
    """Publish one month (an ISO date, the month's first day). Safe to run again: a published month is kept."""
    publication = month_publish(by=BACKGROUND_TASK, month=date.fromisoformat(month))
    return {
        "month": publication.month.isoformat(),
        "published_at": publication.published_at.isoformat(),
        "grants": publication.grant_count,
    }
