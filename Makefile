# Two commands matter: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The test suite runs every storage test on PostgreSQL too; this is where it looks.
INROADS_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export INROADS_TEST_POSTGRES_URL

.PHONY: run test install install-dev lint typecheck pytest migrate console bench fuzz-long soak chaos clean regen-migration surface

# Installing is silent (one line saying what is happening) so `make run` shows the bot, not
# pip: pip still prints errors, not build warnings. Nothing runs on an up-to-date venv.
PIP_QUIET := --quiet --disable-pip-version-check

$(BIN)/python:
	@echo "Creating $(VENV) (first run only)..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing Inroads into $(VENV)..."
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install $(PIP_QUIET) -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing Inroads and its test tools into $(VENV)..."
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install $(PIP_QUIET) -e '.[dev]'
	@touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

## Start the bot: migrate, then Slack/Discord if their tokens are set, else the console.
run: install
	@$(BIN)/inroads run

migrate: install
	$(BIN)/inroads migrate

console: install
	@$(BIN)/inroads console

## Every check: ruff, the import contracts, mypy, pytest on SQLite and PostgreSQL.
test: install-dev lint typecheck pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy

# Two workers (pytest-xdist), one per core: most tests wait on sockets, subprocesses and
# the database, so one process left a core idle. Each worker has its own migrated
# template database (tests/dbtemplate.py), and PostgreSQL tests get their own schema.
# The slowest tests are listed so the suite's time stays visible.
pytest: install-dev
	$(BIN)/python -m pytest -q -n 2 --durations=15

## Rewrite the Slack manifest's slash commands and the README's command table from the
## command specs (a test fails while either is stale).
surface: install
	$(BIN)/python -m adapters.surface

## Benchmarks print a table and a last line of JSON figures. Capacity (full
## `/interview log`s per second for one process, answer p50/p99 at 50/s) is
## benchmarks/bench_commands.py; `--profile` there shows where a command's time goes.
bench: install-dev
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python $$script || exit 1; \
	done

## Long fuzzing: >= 10,000 hostile lines per command; prints examples/failures/time per target.
fuzz-long: install-dev
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -p no:randomly -n auto --dist worksteal tests/fuzz

## Crash/restart soak: SIGKILL the bot 20 times mid-delivery on Slack and Discord with 0.4 s
## platform latency; prints lost, duplicated and redelivery p50/p99 (goal: 0 and 0).
soak: install-dev
	$(BIN)/python benchmarks/bench_soak.py --kills 20 --reminders 3000 --latency 0.4

## Issue 15's promises under stress, on PostgreSQL: burst + SIGTERM + restart, kill -9 with
## 0.4 s latency, 100,000 overdue vs another workspace, faults mid-statement with DEBUG
## logs. Tables, then one JSON line; about 10 minutes (CHAOS_QUICK=1: about 2).
chaos: install-dev
	$(BIN)/python benchmarks/chaos.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

## Pre-release only: rebuild the first migration from storage/tables.py (no one has data yet).
regen-migration: install-dev
	rm -f storage/migrations/versions/0001_*.py /tmp/inroads-regen.sqlite3
	INROADS_DATABASE_URL=sqlite+aiosqlite:////tmp/inroads-regen.sqlite3 $(BIN)/alembic revision --autogenerate --rev-id 0001 -m "create every table"
	$(BIN)/ruff check --fix --quiet storage/migrations/versions || true
	$(BIN)/ruff format --quiet storage/migrations/versions
