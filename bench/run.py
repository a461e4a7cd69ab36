# ruff: noqa: S603, S607, S608 - a developer tool that runs this checkout's own commands; database names are checked.
"""The load bench (`make bench`, `make bench-small`): the application under gunicorn on PostgreSQL with a generated
data set, 16 concurrent clients, and per page p50/p95/p99, errors and SQL queries per request, one JSON object a
line on standard output (progress goes to standard error).

Steps:
1. the database (`bench` for the large set, `bench_small` for the small one) on 127.0.0.1:5432 as postgres:
   reused when it already holds generated data of that scale (generating the large set takes minutes), created
   otherwise; `--fresh` drops and re-creates it;
2. migrate; on a new database `seed_demo` and `generate_data --scale ...` (with DEBUG on for those commands only);
3. collectstatic, then gunicorn with DEBUG off (SECRET_KEY, ALLOWED_HOSTS, AXES_ENABLED=false, two-factor sign-in
   required as in production) and BENCH_QUERY_HEADER=1, so each response carries its SQL query count;
4. bench/targets.py signs in the bench user (a session with a verified TOTP device) and lists the addresses to
   drive, skipping pages that are not built yet;
5. a warm-up pass over every address, then N requests per page from 16 threads in random order;
6. gunicorn is stopped, whatever happened.

Only the standard library: threads and http.client.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SOLO_REQUESTS = 20
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def psql(database: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", f"{SERVER_URL}/{database}", "-Atqc", sql],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
    )
    return result.stdout.strip()


def manage(database_url: str, *args: str, debug: bool = True, quiet: bool = False) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true" if debug else "false"}
    env.pop("TESTING", None)
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=False,
        text=True,
        stdout=subprocess.PIPE,
        stderr=sys.stderr,
    )
    if not quiet and result.stdout:
        sys.stderr.write(result.stdout)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {result.returncode})")
    return result.stdout


def prepare_database(name: str, scale: str, *, fresh: bool, seed: int) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SystemExit("A database name is lower-case letters, digits and underscores")
    database_url = f"{SERVER_URL}/{name}"
    exists = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and fresh:
        log(f"Dropping database {name} (--fresh)")
        psql("postgres", f"DROP DATABASE {name} WITH (FORCE)")
        exists = False
    if not exists:
        log(f"Creating database {name}")
        psql("postgres", f"CREATE DATABASE {name}")
    started = time.monotonic()
    manage(database_url, "migrate", "--no-input", "-v", "0")
    # --if-missing: a database that already holds this scale is reused as it is; seed_demo is not run again
    # there (the generated commitments outgrow the demo's own allocations, which seed_demo would put back).
    generated = manage(database_url, "shell", "--no-imports", "-c", GENERATED_CHECK, quiet=True).strip()
    if generated == scale:
        log(f"Database {name} already holds the {scale} data set: reusing it (--fresh to rebuild)")
    elif generated != "none":
        raise SystemExit(f"Database {name} holds the {generated} data set, not {scale}: run with --fresh")
    else:
        manage(database_url, "seed_demo", "--quiet-sign-in")
        manage(database_url, "generate_data", "--scale", scale, "--seed", str(seed))
    log(f"Database ready in {time.monotonic() - started:.0f}s")
    return database_url


GENERATED_CHECK = (
    "from commissioning.core.generate.builder import generated_scale; print(generated_scale() or 'none')"
)


def server_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_ENABLED": "false",
        # Plain HTTP on the loopback: cookies without the Secure flag, so the clients can send them back.
        "SECURE_COOKIES": "false",
        "BENCH_QUERY_HEADER": "1",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("TESTING", None)
    return env


SERVER_LOG = ROOT / "var" / "bench-gunicorn.log"


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    log(
        f"Starting gunicorn on 127.0.0.1:{port} ({workers} workers x {threads} threads); its log: {SERVER_LOG}"
    )
    SERVER_LOG.parent.mkdir(exist_ok=True)
    server_log = SERVER_LOG.open("wb")
    server = subprocess.Popen(
        [
            GUNICORN,
            "commissioning.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accessibility/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 seconds")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def targets(env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "targets.py")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookie = f"sessionid={session}"
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str, *, auth: bool) -> tuple[int, float, int | None]:
        headers = {"Cookie": self.cookie} if auth else {}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return 0, (time.perf_counter() - started) * 1000, None
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            count = response.getheader("X-Query-Count")
            return response.status, elapsed, int(count) if count is not None else None
        raise AssertionError("unreachable")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def drive(port: int, plan: dict[str, Any], *, requests: int, clients: int) -> list[dict[str, Any]]:
    pages = plan["pages"]
    rng = random.Random(11)
    log("Warming up: every address once")
    warm = Client(port, plan["session"])
    for page in pages:
        for path in page["urls"]:
            warm.get(path, auth=page["auth"])
    # One client alone first: what a request costs without waiting for others (the server's service time).
    solo: list[list[float]] = []
    for page in pages:
        solo.append(
            [warm.get(path, auth=page["auth"])[1] for path in (page["urls"] * SOLO_REQUESTS)[:SOLO_REQUESTS]]
        )
    work: queue.Queue[tuple[int, str]] = queue.Queue()
    jobs = [(index, rng.choice(page["urls"])) for index, page in enumerate(pages) for _ in range(requests)]
    rng.shuffle(jobs)
    for job in jobs:
        work.put(job)
    results: list[list[tuple[int, float, int | None, str]]] = [[] for _ in pages]
    lock = threading.Lock()

    def worker() -> None:
        client = Client(port, plan["session"])
        while True:
            try:
                index, path = work.get_nowait()
            except queue.Empty:
                return
            status, elapsed, count = client.get(path, auth=pages[index]["auth"])
            with lock:
                results[index].append((status, elapsed, count, path))

    log(f"Driving {len(jobs)} requests ({requests} per page, {len(pages)} pages) from {clients} clients")
    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    log(f"{len(jobs)} requests in {wall:.1f}s ({len(jobs) / wall:.0f} requests a second)")

    report = []
    for index, (page, rows) in enumerate(zip(pages, results, strict=True)):
        times = [elapsed for _, elapsed, _, _ in rows]
        counts = [count for _, _, count, _ in rows if count is not None]
        failures = [(status, path) for status, _, _, path in rows if status != 200]
        line: dict[str, Any] = {
            "page": page["page"],
            "url_name": page["url_name"],
            "requests": len(rows),
            "addresses": len(page["urls"]),
            "solo_p50_ms": round(percentile(solo[index], 0.50), 1),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "max_ms": round(max(times), 1) if times else 0.0,
            "errors": len(failures),
            "queries_per_request": max(counts) if counts else None,
            "queries_min": min(counts) if counts else None,
            "queries_mean": round(statistics.fmean(counts), 1) if counts else None,
        }
        if failures:
            line["first_error"] = {"status": failures[0][0], "path": failures[0][1]}
        report.append(line)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["small", "large"], default="large")
    parser.add_argument("--requests", type=int, default=400, help="requests per page")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--database", help="database name (default: bench, or bench_small for --scale small)")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-p95-ms", type=float, help="exit 1 if any page's p95 is above this")
    options = parser.parse_args()
    if shutil.which("psql") is None:
        raise SystemExit("psql is needed (PostgreSQL client)")
    name = options.database or ("bench" if options.scale == "large" else "bench_small")
    database_url = prepare_database(name, options.scale, fresh=options.fresh, seed=options.seed)
    env = server_env(database_url)
    plan = targets(env)
    log("Pages: " + ", ".join(page["page"] for page in plan["pages"]))
    server = start_server(env, options.port, options.workers, options.threads)
    try:
        report = drive(options.port, plan, requests=options.requests, clients=options.clients)
    finally:
        stop_server(server)
    for line in report:
        print(json.dumps(line), flush=True)
    failed = sum(line["errors"] for line in report)
    if failed:
        log(f"{failed} requests failed (tracebacks in {SERVER_LOG})")
        return 1
    if options.max_p95_ms is not None:
        slow = [line["page"] for line in report if line["p95_ms"] > options.max_p95_ms]
        if slow:
            log(f"p95 above {options.max_p95_ms} ms: {', '.join(slow)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
