"""Validate a 360Giving JSON package (a downloaded /open-data/grants.json) against the official schema, offline.
Prints one JSON line: the file, how many grants, how many errors (with the first few), and how long it took.
Exits 1 when the package is invalid. `make bench` runs it on the large data set's export."""

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Validate a 360Giving JSON package file against the official schema (offline)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="the grants.json file to check")

    def handle(self, *args: Any, **options: Any) -> None:
        from commissioning.publication.schema import schema_errors

        started = time.perf_counter()
        package = json.loads(Path(options["path"]).read_text())
        errors = schema_errors(package)
        self.stdout.write(
            json.dumps(
                {
                    "validate": Path(options["path"]).name,
                    "grants": len(package.get("grants", [])),
                    "errors": len(errors),
                    "first_errors": errors[:5],
                    "seconds": round(time.perf_counter() - started, 1),
                }
            )
        )
        if errors:
            raise CommandError(f"{len(errors)} schema errors")
