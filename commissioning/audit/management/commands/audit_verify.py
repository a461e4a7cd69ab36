import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.audit.models import AuditEvent
from commissioning.audit.verification import verify_chain

ANCHOR = re.compile(r"^#?(?P<sequence>\d+):(?P<hash>[0-9a-f]{8,64})$")


class Command(BaseCommand):
    help = (
        "Prove the audit trail intact: recompute every event's hash and its link to the event before it. "
        "Exits non-zero and names the first event that was altered or removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect",
            metavar="SEQUENCE:HASH",
            help=(
                "An event noted from an earlier check, such as 151:afa0a7bdd18e. The chain alone cannot show that "
                "its newest events were removed; this anchor can."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.intact:
            raise CommandError(result.message)
        if options["expect"]:
            self._check_anchor(options["expect"])
        self.stdout.write(self.style.SUCCESS(result.message))

    def _check_anchor(self, anchor: str) -> None:
        match = ANCHOR.match(anchor.strip().lower())
        if match is None:
            raise CommandError(
                "--expect must be an event number and the start of its hash, like 151:afa0a7bdd18e"
            )
        sequence = int(match["sequence"])
        event = AuditEvent.objects.filter(sequence=sequence).only("hash").first()
        if event is None:
            raise CommandError(
                f"Audit trail broken at event #{sequence}: removed (the trail now ends before it)"
            )
        if not event.hash.startswith(match["hash"]):
            raise CommandError(
                f"Audit trail broken at event #{sequence}: its hash is now {event.hash[:12]}, "
                f"not {match['hash'][:12]} as noted: the trail was rewritten from there or before"
            )
