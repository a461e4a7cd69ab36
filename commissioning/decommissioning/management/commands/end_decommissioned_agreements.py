"""End the agreements decided to end whose notice has run (their end date has passed); safe to run twice (daily)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.core.actors import SCHEDULER
from commissioning.decommissioning.services import decommissionings_end_due


class Command(BaseCommand):
    help = "End each agreement a decommissioning decided to end, once its end date has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        on = timezone.localdate()
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on must be a date like 2026-04-01") from None
        ended = decommissionings_end_due(by=SCHEDULER, on=on)
        self.stdout.write(f"Ended {len(ended)} decommissioned agreements.")
