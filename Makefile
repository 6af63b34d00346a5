# KlantenRegister — developer commands. `make help` lists them.
#
# Everything runs from a virtualenv (default .venv, override with VENV=...) through
# $(VENV)/bin/... paths; nothing needs to be activated. The venv is created with python3 when
# missing, and `pip install -e '.[dev]'` runs again only when pyproject.toml is newer than the
# stamp file inside the venv.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
ARGS ?=
# `make test` runs the suite on TEST_WORKERS pytest-xdist processes, each with its own test
# database, Redis databases and files (docs/testing.md). TEST_WORKERS=0 (or ARGS="-n 0") runs
# it in this one process: for --pdb, print debugging, or -x that stops at the very first failure.
TEST_WORKERS ?= 2
# loadfile: all tests of a file on one worker, so module-scoped fixtures are built once.
TEST_DIST ?= loadfile

BIN := $(VENV)/bin
STAMP := $(VENV)/.klantenregister-installed

# Management commands outside `make run` need a SECRET_KEY because DEBUG is off by default;
# use the caller's key when there is one, otherwise a throwaway value that is only fit for
# local commands and tests.
LOCAL_SECRET := $${SECRET_KEY:-insecure-local-and-test-only-key}
MANAGE := SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python manage.py
# `make run` is a development server: DEBUG on, so no SECRET_KEY is needed. DATABASE_URL and
# CELERY_BROKER_URL are passed through from the environment when set; otherwise the settings
# fall back to SQLite (db.sqlite3) and eager, in-process Celery.
DEV_MANAGE := DEBUG=true $(BIN)/python manage.py

.PHONY: help install run test lint format openapi openapi-check bench clean distclean

help: ## List the available targets
	@echo "KlantenRegister make targets:"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'
	@echo "Variables: PORT=$(PORT) VENV=$(VENV) TEST_WORKERS=$(TEST_WORKERS) ARGS='<extra pytest args>'"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install runtime + dev dependencies

run: $(STAMP) ## Migrate, load demo data, create dev accounts, serve on 127.0.0.1:PORT (8000) with Celery beat
	$(DEV_MANAGE) migrate --noinput
	$(DEV_MANAGE) load_demo_data
	$(DEV_MANAGE) ensure_dev_accounts
	@echo ""
	@echo "KlantenRegister development server"
	@echo "  API (Klantinteracties v1): http://127.0.0.1:$(PORT)/klantinteracties/api/v1/"
	@echo "  API (Taken, klanttaken):   http://127.0.0.1:$(PORT)/taken/api/v1/"
	@echo "  API (Berichten):           http://127.0.0.1:$(PORT)/berichten/api/v1/"
	@echo "  Swagger UI / Redoc:        http://127.0.0.1:$(PORT)/klantinteracties/api/v1/schema/  (…/schema/redoc/)"
	@echo "  First-generation (KIC):    http://127.0.0.1:$(PORT)/api/kic/v1/  (JWT-ZGW or Token; see the JWT-ZGW line above)"
	@echo "  Admin:                     http://127.0.0.1:$(PORT)/admin/"
	@echo "  Health:                    http://127.0.0.1:$(PORT)/health/"
	@echo "  Database: $${DATABASE_URL:-sqlite (db.sqlite3)}   Celery broker: $${CELERY_BROKER_URL:-none, tasks run eagerly}"
	@echo "  Celery beat runs alongside (deadlines of klanttaken, outbox retries); without a broker it"
	@echo "  runs each periodic task itself. With CELERY_BROKER_URL set, also start a worker:"
	@echo "  $(BIN)/celery -A klantenregister worker -l INFO"
	@echo ""
	DEBUG=true $(BIN)/celery -A klantenregister beat -l WARNING -s $(VENV)/celerybeat-schedule & \
		beat=$$!; trap 'kill $$beat 2>/dev/null' EXIT; \
		$(DEV_MANAGE) runserver 127.0.0.1:$(PORT)

test: $(STAMP) ## Run the test suite in parallel (TEST_WORKERS=2; extra pytest arguments: ARGS="-k bsn -x")
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(ARGS)

lint: $(STAMP) ## Check code style (ruff check + ruff format --check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: $(STAMP) ## Regenerate docs/api/<api>.yaml from the code
	$(MANAGE) generate_openapi

openapi-check: $(STAMP) ## Fail when a committed OpenAPI file differs from the code
	$(MANAGE) generate_openapi --check

bench: $(STAMP) ## Benchmark partijen, klantcontacten, klanttaken, event delivery and the kic-001 DRC mirror (BENCH_PARTIJEN=100000, BENCH_TAKEN=100000, BENCH_EVENTS=5000, BENCH_RELATIONS=500, DATABASE_URL, Redis)
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m bench.partijen --partijen $${BENCH_PARTIJEN:-100000}
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m bench.klantcontacten --partijen $${BENCH_PARTIJEN:-100000}
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m bench.taken --partijen $${BENCH_PARTIJEN:-100000} --taken $${BENCH_TAKEN:-100000}
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m bench.events --events $${BENCH_EVENTS:-5000}
	SECRET_KEY="$(LOCAL_SECRET)" $(BIN)/python -m bench.kic_mirror --relations $${BENCH_RELATIONS:-500}

clean: ## Remove caches and build output (keeps .venv and db.sqlite3)
	find . -path ./$(VENV) -prune -o -path ./.venv -prune -o -type d -name __pycache__ -print0 \
		| xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache .mypy_cache staticfiles build dist *.egg-info .ci-venv

distclean: clean ## clean, and also remove the virtualenv and the local SQLite database
	rm -rf $(VENV) db.sqlite3
