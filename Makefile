# OpenCommissioning. `make run` serves the demo; `make test` runs every test. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9

.DEFAULT_GOAL := help
.PHONY: help setup run test test-fast lint typecheck migrations-check browser-deps bench bench-small clean ci

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(PY): pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --quiet
	@touch $(PY)

node_modules/.package-lock.json: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch node_modules/.package-lock.json

static/build/app.css: node_modules/.package-lock.json assets/scss/app.scss assets/build.mjs
	@npm run --silent build

setup: $(PY) static/build/app.css ## Install the locked Python and npm dependencies and build the assets
	@mkdir -p var

run: setup ## Set up, migrate, load the demo data and serve it on http://127.0.0.1:8000
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo
	@$(PY) manage.py runserver 127.0.0.1:8000

browser-deps: ## Make sure Debian's Chromium is installed for the browser tests
	@scripts/ensure-chromium

test: setup browser-deps ## Set up and run every test (unit, HTTP, PostgreSQL-only and browser tests)
	@$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: setup ## Run the tests without the browser tests
	@$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: setup ## ruff lint and format check, and the import contracts (the layers of apps: pyproject.toml)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/lint-imports --no-cache

typecheck: setup ## mypy with django-stubs
	@$(VENV)/bin/mypy commissioning

migrations-check: setup ## Fail if a model change has no migration
	@$(PY) manage.py makemigrations --check --dry-run

bench: setup ## Load test: gunicorn on PostgreSQL with the large generated set, 16 clients, JSON figures per page
	@$(PY) bench/run.py --scale large $(BENCH_ARGS)

bench-small: setup ## The same bench on the small generated set with fewer requests, to prove it works (CI)
	@$(PY) bench/run.py --scale small --requests 30 $(BENCH_ARGS)

ci: ## Run what CI runs: install, start PostgreSQL, lint, types, migrations, every test on SQLite and PostgreSQL
	@.ci/run

clean: ## Remove the virtual environment, node modules, built assets and local data
	rm -rf $(VENV) node_modules static/build var
