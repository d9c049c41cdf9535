# The two commands: `make run` (the product with demo data) and `make test` (the suite).
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The second test pass runs everything again on PostgreSQL, with Redis and a real worker.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recruiting
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: install run test test-sqlite test-services lint format demo clean

$(STAMP): requirements/base.txt requirements/local.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/local.txt
	touch $(STAMP)

install: $(STAMP)

## make run: migrate SQLite, load the demo, then serve on 127.0.0.1:8000 with a worker and beat.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

## make test: the whole suite on SQLite, then again on PostgreSQL + Redis + a real worker.
test: $(STAMP)
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-services

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -m "not services" $(PYTEST_ARGS)

test-services: $(STAMP)
	@if $(BIN)/python -m tests.probe_services "$(TEST_DATABASE_URL)" "$(TEST_REDIS_URL)"; then \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL)" TEST_REDIS_URL="$(TEST_REDIS_URL)" \
			$(BIN)/python -m pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL or Redis is not reachable, and CI must run the services tests."; exit 1; \
	else \
		echo "Skipped the PostgreSQL + Redis + worker pass: start both (README, 'Tests') to run it."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make demo: rebuild the demo resumes and manifest.json from recruiting/demo/people.toml, and verify them.
demo: $(STAMP)
	$(BIN)/python tests/tools/build_demo_resumes.py --check

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache
