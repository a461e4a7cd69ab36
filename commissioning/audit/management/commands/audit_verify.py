from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commissioning.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Prove the audit trail intact: recompute every event's hash and its link to the event before it. "
        "Exits non-zero and names the first event that was altered or removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.intact:
            raise CommandError(result.message)
        self.stdout.write(self.style.SUCCESS(result.message))
