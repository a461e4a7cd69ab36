"""Production defaults for gunicorn, read from the working directory (`gunicorn commissioning.wsgi`); `make bench`
uses this file too, so the bench measures what production runs. Each setting can be changed on the command line,
and the worker count from the environment (WEB_CONCURRENCY, as gunicorn itself reads it).

Why these (docs/decisions/0008-bench.md has the figures): the pages are CPU-bound Django, so processes, not threads,
use the cores. Sync workers take each request from the one shared listening socket as soon as one is free, so under
load every request waits its fair turn; gthread workers keep each client's keep-alive connection in the worker that
first accepted it, so a busy worker's clients queue behind each other while another worker idles, which made the
95th and 99th percentiles two to ten times the median in our measurements. Two workers a core leaves a worker to
run while another waits on PostgreSQL. Sync workers must sit behind a buffering reverse proxy (nginx, a load
balancer), which keeps client connections alive and shields the workers from slow clients; TLS ends there too
(settings trust X-Forwarded-Proto).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
# A request still running after this many seconds is killed and logged, and the worker replaced.
timeout = 30
graceful_timeout = 30
