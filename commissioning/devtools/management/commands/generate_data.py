"""Generate a large, realistic data set on top of the demo, for speed tests: `manage.py generate_data --scale large`.

Run it after `seed_demo`, on a database that holds no generated data yet (it refuses a second run). Rows are
bulk-inserted and bypass the audit trail on purpose; one summary audit event records the run. See
docs/decisions/0007-bench.md.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from commissioning.devtools.generate.builder import GenerateError, Generator, generated_scale
from commissioning.devtools.generate.scale import SCALES


class Command(BaseCommand):
    help = "Generate a large data set on top of the demo data, for speed tests (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="small (CI) or large (bench)"
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data set")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if data of this scale was already generated here (still refuses another scale)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Generated data is refused when DEBUG is off: it is for development and speed tests."
            )
        scale = SCALES[options["scale"]]
        existing = generated_scale()
        if existing is not None and options["if_missing"] and existing == scale.name:
            self.stdout.write(f"Generated data of scale {scale.name} is already here; nothing to do.")
            return
        try:
            counts = Generator(scale=scale, seed=options["seed"], stdout=self.stdout).run()
        except GenerateError as error:
            raise CommandError(str(error)) from error
        # Rows written in bulk send no signals: nothing cached from before may outlive them.
        cache.clear()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum does on a database in use: statistics for the planner and visibility maps for
            # index-only scans. A freshly bulk-loaded table has neither until then.
            self.stdout.write("Vacuuming and analysing…")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(f"Generated the {scale.name} data set (seed {options['seed']}):")
        )
        for name, count in counts.items():
            self.stdout.write(f"  {count:>9,} {name}")
