"""Where a bench page spends its time, in one process (`bench/pageprofile.py`, with the bench database).

For each page `bench/targets.py` chooses, every address is requested once to warm up, then `--rounds` times through
Django's test client, and one line is printed per page: mean wall and CPU milliseconds a request in this process
(the CPU is Python's: the ORM, templates, middleware; wall minus CPU is mostly waiting on PostgreSQL) and the SQL
queries. `--profile PAGE` runs that page under cProfile and prints the functions that cost the most.

It needs DATABASE_URL pointing at a bench database (`make bench` builds `bench`) and reads REDIS_URL as the server
would. Figures are for comparing one change with the next on the same machine; the bar is `make bench`'s p95.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets  # noqa: E402 - sets Django up
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def client_for(auth: bool, session_key: str) -> Client:
    client = Client()
    if auth:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def measure(page: dict, client: Client, rounds: int) -> dict:
    urls = page["urls"]
    for address in urls:
        response = client.get(address)
        if response.status_code != 200:
            raise SystemExit(f"{page['page']}: {address} answered {response.status_code}")
    walls, cpus, queries = [], [], []
    for _ in range(rounds):
        for address in urls:
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                client.get(address)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            queries.append(len(captured))
    return {
        "page": page["page"],
        "wall_ms": round(statistics.fmean(walls), 2),
        "cpu_ms": round(statistics.fmean(cpus), 2),
        "queries": max(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*", help="page names as the bench prints them (default: every page)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="times each address is requested after warming up"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's costliest functions per page"
    )
    parser.add_argument("--top", type=int, default=35)
    options = parser.parse_args()
    cache.clear()  # nothing cached from before a change to what is cached
    session_key = targets.bench_session()
    for page in targets.pages():
        if options.pages and page["page"] not in options.pages:
            continue
        client = client_for(page["auth"], session_key)
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
        print(measure(page, client, options.rounds), flush=True)
        if options.profile:
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(options.top)
            stats.sort_stats("cumulative").print_stats(options.top)


if __name__ == "__main__":
    main()
