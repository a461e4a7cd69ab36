"""Email providers about monitoring returns due soon or overdue; safe to run as often as you like (daily suits)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissioning.core.actors import SCHEDULER
from commissioning.monitoring.services.reminders import BEFORE_DUE_DAYS, reminders_send


class Command(BaseCommand):
    help = "Send each monitoring return's before-due and overdue reminder, once each."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--days", type=int, default=BEFORE_DUE_DAYS, help="Remind this many days before the due date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = timezone.localdate()
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on must be a date like 2026-04-01") from None
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        sent = reminders_send(by=SCHEDULER, on=on, before_days=options["days"])
        self.stdout.write(f"Sent {sent.before_due} before-due and {sent.overdue} overdue reminders.")
