"""`manage.py open_data_measure`: export every published grant (JSON and CSV to nowhere, the spreadsheet to a
temporary file as the download does) and print, as one JSON line, how many grants, how long each export took and
the peak memory it added (tracemalloc), so the bench can hold the exports to their bar: memory growth under 100 MB
on the large set."""

import json
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from commissioning.publication import open_data
from commissioning.publication.selectors import published_grants

MEMORY_BAR_MB = 100


def measure(export: Callable[[], int]) -> dict[str, float]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    size = export()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": round(seconds, 3),
        "bytes": size,
        "peak_growth_mb": round((peak - baseline) / 2**20, 2),
    }


class Command(BaseCommand):
    help = "Export every published grant and print each export's time, size and peak memory growth as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url", default="https://example.org/", help="The site address in the files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        context = open_data.export_context(base_url=options["base_url"])
        grants = published_grants().count()

        def to_xlsx() -> int:
            with open_data.xlsx_file(context) as written:
                return written.seek(0, os.SEEK_END)

        report: dict[str, Any] = {"measure": "open_data", "grants": grants}
        for name, export in (
            ("json", lambda: open_data.drain(open_data.json_chunks(context))),
            ("csv", lambda: open_data.drain(open_data.csv_chunks(context))),
            ("xlsx", to_xlsx),
        ):
            figures = measure(export)
            figures["grants_per_s"] = round(grants / figures["seconds"], 1) if figures["seconds"] else 0.0
            report[name] = figures
        report["peak_growth_mb"] = max(report[name]["peak_growth_mb"] for name in ("json", "csv", "xlsx"))
        report["within_bar"] = report["peak_growth_mb"] < MEMORY_BAR_MB
        self.stdout.write(json.dumps(report))
