"""Production defaults for gunicorn, read from the working directory (`gunicorn commissioning.wsgi`); `make bench`
uses this file too. Each setting can be changed on the command line or, where named, from the environment.
See docs/decisions/0008-bench.md for how these were chosen on a 2-core machine."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 30
timeout = 30
