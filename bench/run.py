# ruff: noqa: S603, S607, S608 - a developer tool that runs this checkout's own commands; database names are checked.
"""The load bench (`make bench`, `make bench-small`): the application under gunicorn on PostgreSQL with a generated
data set, 16 concurrent clients, and per page p50/p95/p99, errors and SQL queries per request, one JSON object a
line on standard output (progress goes to standard error).

Steps:
1. the database (`bench` for the large set, `bench_small` for the small one) on 127.0.0.1:5432 as postgres:
   reused when it already holds generated data of that scale (generating the large set takes minutes), created
   otherwise; `--fresh` drops and re-creates it;
2. migrate; on a new database `seed_demo` and `generate_data --scale ...` (with DEBUG on for those commands only);
3. collectstatic, then gunicorn as production runs it (gunicorn.conf.py; --worker-class, --workers and --threads
   override it) with DEBUG off (SECRET_KEY, ALLOWED_HOSTS, AXES_ENABLED=false, two-factor sign-in required as in
   production) and BENCH_QUERY_HEADER=1, so each response carries its SQL query count;
4. bench/targets.py signs in the bench user (a session with a verified TOTP device) and lists the addresses to
   drive, skipping pages that are not built yet;
5. each page in its own phase: a warm-up pass over its addresses, 20 requests from one client alone (solo_p50_ms,
   the service time), then N requests (varied addresses) from 16 clients hitting only that page, so the page's
   figures describe that page and not the slowest page running beside it; one JSON line per page, with the CPU
   milliseconds each request cost the server (gunicorn's processes), the driver (this process) and everything else
   on the machine (PostgreSQL, and anything else running); then one mixed phase, every page at once, printed as
   page "mixed" (not held to --max-p95-ms);
6. the open data files (grants.json, grants.csv) are downloaded whole from the server, one JSON line each with
   grants, seconds, grants_per_s and bytes; then `manage.py open_data_measure` exports every grant in a process of
   its own and prints the peak memory growth of each export (the bar: under 100 MB on the large set), and the
   downloaded grants.json is validated against the official 360Giving schema (`manage.py open_data_validate`);
7. gunicorn is stopped, whatever happened.

Only the standard library: threads and raw sockets (a keep-alive HTTP/1.1 client that reads the status line and two
headers and drops the body), so the driver costs about 0.1-0.3 ms of CPU a request.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
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
    "from commissioning.devtools.generate.builder import generated_scale; print(generated_scale() or 'none')"
)


def server_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        # As production runs: the cache (sessions, the signed-in person, the body) in Redis, shared by the workers.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
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


def start_server(env: dict[str, str], port: int, overrides: list[str]) -> subprocess.Popen[bytes]:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    # An empty cache: nothing cached from another database or an earlier run.
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.core.cache import cache; cache.clear()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # The production configuration (gunicorn.conf.py), with only the address and any --worker-class, --workers or
    # --threads given to the bench changed.
    command = [
        GUNICORN,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        *overrides,
    ]
    command += ["--log-level", "warning", "commissioning.wsgi:application"]
    log(
        f"Starting gunicorn on 127.0.0.1:{port} ({' '.join(overrides) or 'gunicorn.conf.py'}); its log: {SERVER_LOG}"
    )
    SERVER_LOG.parent.mkdir(exist_ok=True)
    server_log = SERVER_LOG.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped while starting (see {SERVER_LOG})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accessibility/")
            if connection.getresponse().status == 200:
                connection.close()
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


REQUEST_TIMEOUT = 60.0


class Client:
    """One keep-alive connection on a raw socket: the cheapest client the standard library allows.

    The request bytes are built once per address before the run. Of each answer only the status line, the
    Content-Length, Connection and X-Query-Count headers are read; the body is read into a reused buffer and dropped.
    When the server closes the connection (a sync worker does after every answer) the next request opens a new one,
    and the time to connect counts in that request's time.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = bytearray(1 << 18)
        self.view = memoryview(self.buffer)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def get(self, request: bytes) -> tuple[int, float, int | None]:
        """Send one prepared request: (status, milliseconds, SQL queries). Status 0 when the connection failed."""
        for attempt in (1, 2):
            started = time.perf_counter()
            reused = self.sock is not None
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=REQUEST_TIMEOUT)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock.sendall(request)
                status, count, close = self._read_response(self.sock)
            except (OSError, ValueError):
                self.close()
                # A kept-alive connection the server had already closed: try once more on a new one.
                if attempt == 1 and reused:
                    continue
                return 0, (time.perf_counter() - started) * 1000, None
            elapsed = (time.perf_counter() - started) * 1000
            if close:
                self.close()
            return status, elapsed, count
        raise AssertionError("unreachable")

    def _read_response(self, sock: socket.socket) -> tuple[int, int | None, bool]:
        head = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed before the headers")
            head += chunk
            end = head.find(b"\r\n\r\n")
            if end >= 0:
                break
        lines = head[:end].split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length: int | None = None
        count: int | None = None
        close = False
        chunked = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"x-query-count":
                count = int(value)
            elif name == b"connection":
                close = value.strip().lower() == b"close"
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
        rest = head[end + 4 :]
        if length is not None:
            remaining = length - len(rest)
            while remaining > 0:
                received = sock.recv_into(self.view, min(remaining, len(self.buffer)))
                if not received:
                    raise ConnectionError("closed in the body")
                remaining -= received
        elif chunked:
            self._read_chunked(sock, rest)
        else:
            while sock.recv_into(self.view):
                pass
            close = True
        return status, count, close

    @staticmethod
    def _read_chunked(sock: socket.socket, data: bytes) -> None:
        # Rare (Django sets Content-Length on every page): simple and correct rather than quick.
        position = 0
        while True:
            line_end = data.find(b"\r\n", position)
            while line_end < 0:
                more = sock.recv(65536)
                if not more:
                    raise ConnectionError("closed in a chunk header")
                data += more
                line_end = data.find(b"\r\n", position)
            size = int(data[position:line_end].split(b";")[0], 16)
            needed = line_end + 2 + size + 2
            while len(data) < needed:
                more = sock.recv(65536)
                if not more:
                    raise ConnectionError("closed in a chunk")
                data += more
            if size == 0:
                return
            position = needed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_group_cpu(group: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group: the gunicorn master and
    its workers (which live as long as the server does)."""
    total = 0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime.
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (every core, every process), from /proc/stat (0 without it)."""
    try:
        with open("/proc/stat", "rb") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


class CpuMeter:
    """CPU used during one phase by the driver (this process), the server (gunicorn's process group) and everything
    else on the machine (PostgreSQL, and anything else running at the time)."""

    def __init__(self, server_group: int) -> None:
        self.server_group = server_group

    def __enter__(self) -> "CpuMeter":
        self.wall = time.monotonic()
        self.driver = time.process_time()
        self.server = process_group_cpu(self.server_group)
        self.machine = machine_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.monotonic() - self.wall
        self.driver = time.process_time() - self.driver
        self.server = process_group_cpu(self.server_group) - self.server
        self.machine = machine_cpu() - self.machine

    def figures(self, requests: int) -> dict[str, float]:
        per = 1000 / max(requests, 1)
        other = max(0.0, self.machine - self.driver - self.server)
        return {
            "wall_s": round(self.wall, 2),
            "requests_per_s": round(requests / self.wall, 1) if self.wall else 0.0,
            # CPU milliseconds per request: what each request cost the server, the driver and the rest.
            "server_cpu_ms": round(self.server * per, 2),
            "driver_cpu_ms": round(self.driver * per, 2),
            "other_cpu_ms": round(other * per, 2),
            # Share of the machine's cores busy during the phase (1.0 = every core, all the time).
            "machine_busy": round(self.machine / (self.wall * CORES), 2) if self.wall else 0.0,
        }


CORES = os.cpu_count() or 1


def request_bytes(port: int, path: str, session: str | None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: text/html"]
    if session:
        lines.append(f"Cookie: sessionid={session}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


EXPORTS = ("/open-data/grants.json", "/open-data/grants.csv")


# The downloaded grants.json, kept to be checked against the official 360Giving schema after the bench.
DOWNLOADED_JSON = ROOT / "var" / "bench-grants.json"


def download(port: int, path: str) -> dict[str, Any]:
    """One whole download of an open data file from the server, as a person would fetch it: seconds and bytes.
    The JSON package is kept in DOWNLOADED_JSON (written as it arrives, so memory stays flat here too)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
    started = time.perf_counter()
    keep = DOWNLOADED_JSON.open("wb") if path.endswith(".json") else None
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
            if keep is not None:
                keep.write(chunk)
        status = response.status
    finally:
        connection.close()
        if keep is not None:
            keep.close()
    return {
        "export": path.rsplit("/", 1)[1],
        "status": status,
        "seconds": time.perf_counter() - started,
        "bytes": size,
    }


def export_report(downloads: list[dict[str, Any]], measured: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per download with its throughput in grants a second (the grants counted by open_data_measure)."""
    grants = measured.get("grants", 0)
    return [
        {
            "export": row["export"],
            "status": row["status"],
            "grants": grants,
            "seconds": round(row["seconds"], 2),
            "grants_per_s": round(grants / row["seconds"], 1) if row["seconds"] else 0.0,
            "bytes": row["bytes"],
        }
        for row in downloads
    ]


def run_phase(
    port: int, jobs: list[tuple[int, bytes]], *, clients: int
) -> list[tuple[int, int, float, int | None]]:
    """Send the jobs (page index, request) from `clients` threads, each with its own keep-alive connection, as fast
    as the server answers. Returns (page index, status, milliseconds, queries) per job."""
    results: list[tuple[int, int, float, int | None]] = [(0, 0, 0.0, None)] * len(jobs)
    counter = itertools.count()
    total = len(jobs)

    def worker() -> None:
        client = Client(port)
        try:
            while (index := next(counter)) < total:
                page, request = jobs[index]
                status, elapsed, count = client.get(request)
                results[index] = (page, status, elapsed, count)
        finally:
            client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summary(rows: list[tuple[int, int, float, int | None]]) -> dict[str, Any]:
    times = [elapsed for _, _, elapsed, _ in rows]
    counts = [count for _, _, _, count in rows if count is not None]
    line: dict[str, Any] = {
        "requests": len(rows),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(max(times), 1) if times else 0.0,
        "errors": sum(1 for _, status, _, _ in rows if status != 200),
        "queries_per_request": max(counts) if counts else None,
        "queries_min": min(counts) if counts else None,
        "queries_mean": round(statistics.fmean(counts), 1) if counts else None,
    }
    return line


def drive(
    port: int,
    plan: dict[str, Any],
    *,
    requests: int,
    clients: int,
    mixed_requests: int,
    server_group: int,
    only: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Each page in its own phase (warm-up, one client alone, then `clients` clients on that page only), then one
    mixed phase over every page. One report line per phase, printed as soon as the phase ends."""
    pages = [page for page in plan["pages"] if only is None or page["page"] in only]
    rng = random.Random(11)
    requests_of = [
        [request_bytes(port, path, plan["session"] if page["auth"] else None) for path in page["urls"]]
        for page in pages
    ]
    path_of = {
        request: path
        for page, built in zip(pages, requests_of, strict=True)
        for request, path in zip(built, page["urls"], strict=True)
    }
    report: list[dict[str, Any]] = []
    solo_client = Client(port)
    for index, page in enumerate(pages):
        addresses = requests_of[index]
        # Warm-up, not measured: every address, from all the clients at once so that every worker process serves
        # some (each compiles its templates, opens its connections and fills its caches on its first requests).
        warm = (addresses * (2 * clients // len(addresses) + 1))[: max(len(addresses), 2 * clients)]
        run_phase(port, [(index, request) for request in warm], clients=clients)
        # One client alone: what a request costs without waiting for others (the server's service time).
        solo = [solo_client.get(request)[1] for request in (addresses * SOLO_REQUESTS)[:SOLO_REQUESTS]]
        jobs = [(index, rng.choice(addresses)) for _ in range(requests)]
        log(f"{page['page']}: {requests} requests from {clients} clients over {len(addresses)} addresses")
        with CpuMeter(server_group) as meter:
            rows = run_phase(port, jobs, clients=clients)
        line = {
            "page": page["page"],
            "url_name": page["url_name"],
            "addresses": len(addresses),
            "solo_p50_ms": round(percentile(solo, 0.50), 1),
            **summary(rows),
            **meter.figures(len(rows)),
        }
        failures = [
            (status, jobs[position][1]) for position, (_, status, _, _) in enumerate(rows) if status != 200
        ]
        if failures:
            line["first_error"] = {"status": failures[0][0], "path": path_of[failures[0][1]]}
        print(json.dumps(line), flush=True)
        report.append(line)
    solo_client.close()

    if mixed_requests and len(pages) > 1:
        jobs = [
            (index, rng.choice(requests_of[index]))
            for index in range(len(pages))
            for _ in range(mixed_requests)
        ]
        rng.shuffle(jobs)
        log(
            f"mixed: {len(jobs)} requests ({mixed_requests} per page, every page at once) from {clients} clients"
        )
        with CpuMeter(server_group) as meter:
            rows = run_phase(port, jobs, clients=clients)
        line = {
            "page": "mixed",
            "url_name": None,
            "addresses": sum(len(addresses) for addresses in requests_of),
            **summary(rows),
            **meter.figures(len(rows)),
            "p95_ms_by_page": {
                page["page"]: round(percentile([elapsed for i, _, elapsed, _ in rows if i == index], 0.95), 1)
                for index, page in enumerate(pages)
            },
        }
        failures = [
            (status, jobs[position][1]) for position, (_, status, _, _) in enumerate(rows) if status != 200
        ]
        if failures:
            line["first_error"] = {"status": failures[0][0], "path": path_of[failures[0][1]]}
        print(json.dumps(line), flush=True)
        report.append(line)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=["small", "large"], default="large")
    parser.add_argument(
        "--requests", type=int, default=400, help="requests per page, in that page's own phase"
    )
    parser.add_argument(
        "--mixed-requests",
        type=int,
        help="requests per page in the final mixed phase, every page at once (default: a tenth of --requests; 0 skips it)",
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pages", help="comma-separated page names to drive (default: every page built)")
    parser.add_argument("--database", help="database name (default: bench, or bench_small for --scale small)")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--worker-class", help="override gunicorn.conf.py's worker class (sync, gthread)")
    parser.add_argument("--workers", type=int, help="override gunicorn.conf.py's worker processes")
    parser.add_argument("--threads", type=int, help="override gunicorn.conf.py's threads per worker")
    parser.add_argument("--max-p95-ms", type=float, help="exit 1 if any page's own p95 is above this")
    options = parser.parse_args()
    if shutil.which("psql") is None:
        raise SystemExit("psql is needed (PostgreSQL client)")
    name = options.database or ("bench" if options.scale == "large" else "bench_small")
    database_url = prepare_database(name, options.scale, fresh=options.fresh, seed=options.seed)
    env = server_env(database_url)
    plan = targets(env)
    only = set(options.pages.split(",")) if options.pages else None
    unknown = (only or set()) - {page["page"] for page in plan["pages"]}
    if unknown:
        raise SystemExit(f"No such page: {', '.join(sorted(unknown))}")
    log("Pages: " + ", ".join(page["page"] for page in plan["pages"] if only is None or page["page"] in only))
    overrides: list[str] = []
    for flag, value in (
        ("--worker-class", options.worker_class),
        ("--workers", options.workers),
        ("--threads", options.threads),
    ):
        if value is not None:
            overrides += [flag, str(value)]
    server = start_server(env, options.port, overrides)
    started = time.monotonic()
    try:
        report = drive(
            options.port,
            plan,
            requests=options.requests,
            clients=options.clients,
            mixed_requests=options.requests // 10
            if options.mixed_requests is None
            else options.mixed_requests,
            server_group=server.pid,
            only=only,
        )
        measure_exports = only is None or "open data page" in only
        downloads = [download(options.port, path) for path in EXPORTS] if measure_exports else []
    finally:
        stop_server(server)
    log(f"Driven in {time.monotonic() - started:.0f}s")
    failed = sum(line["errors"] for line in report)
    if measure_exports:
        # Peak memory of exporting every grant, in a process of its own with nothing else running.
        measured = json.loads(manage(database_url, "open_data_measure", quiet=True).strip().splitlines()[-1])
        for line in export_report(downloads, measured):
            print(json.dumps(line), flush=True)
            failed += line["status"] != 200
        print(json.dumps(measured), flush=True)
        # The large set's package, as served, against the official schema (offline).
        checked = subprocess.run(
            [PYTHON, "manage.py", "open_data_validate", str(DOWNLOADED_JSON)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"},
            check=False,
            text=True,
            stdout=subprocess.PIPE,
            stderr=sys.stderr,
        )
        print(checked.stdout.strip().splitlines()[-1] if checked.stdout.strip() else "{}", flush=True)
        if checked.returncode != 0:
            log("The grants.json served does not validate against the 360Giving schema")
            return 1
        if not measured["within_bar"]:
            log(f"Exporting the grants grew memory by {measured['peak_growth_mb']} MB (the bar is 100 MB)")
            return 1
    if failed:
        log(f"{failed} requests failed (tracebacks in {SERVER_LOG})")
        return 1
    if options.max_p95_ms is not None:
        slow = [
            line["page"] for line in report if line["page"] != "mixed" and line["p95_ms"] > options.max_p95_ms
        ]
        if slow:
            log(f"p95 above {options.max_p95_ms} ms: {', '.join(slow)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
