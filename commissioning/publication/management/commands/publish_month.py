"""`manage.py publish_month [--month 2026-10]`: record the monthly publication of grants.

Run it on the first day of each month (cron, or any scheduler): it publishes the month just ended. It is safe to run
again, and a missed month is caught up by the next run, since a publication takes every published grant that no
earlier one contained."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from commissioning.publication.services import month_end, previous_month
from commissioning.publication.tasks import publish_month


def month_argument(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"Give the month as YYYY-MM, like 2026-10 (not {value!r})") from None


class Command(BaseCommand):
    help = "Record the monthly publication of grants for the month just ended (or --month YYYY-MM)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--month", help="The month to publish, as YYYY-MM; by default the month just ended"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        month = month_argument(options["month"]) if options["month"] else previous_month(timezone.localdate())
        if month_end(month) >= timezone.localdate():
            raise CommandError(f"{month:%B %Y} has not ended yet, so it cannot be published")
        result = publish_month.enqueue(month=month.isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:
            value: Any = result.return_value
            self.stdout.write(
                f"Published {month:%B %Y} on {str(value['published_at'])[:10]}: {value['grants']} grants"
            )
        elif result.status == TaskResultStatus.FAILED:
            # The last line of the traceback is the exception and its message, such as the month not having ended.
            reason = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else "unknown"
            raise CommandError(f"Publishing {month:%B %Y} failed: {reason}")
        else:
            self.stdout.write(f"Publishing {month:%B %Y} is queued ({result.id})")
