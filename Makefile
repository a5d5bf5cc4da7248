# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is for contributors and CI.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run test lint format migrations-check deploy-check bench bench-quick clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# The virtualenv is rebuilt when a requirements file changes.
$(VENV)/.installed: requirements/base.txt requirements/development.txt requirements/production.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/development.txt
	touch $@

venv: $(VENV)/.installed  ## Create or update .venv

run: venv  ## Migrate, add demo data to an empty database, serve on 127.0.0.1:$(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv  ## Run the whole test suite (DATABASE_URL=postgres://… for PostgreSQL)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv  ## ruff: lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: venv  ## ruff: fix what can be fixed and format
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: venv  ## Fail when models changed without a migration
	$(PY) manage.py makemigrations --check --dry-run

deploy-check: venv  ## Django's deployment checks under production settings
	DJANGO_SETTINGS_MODULE=project.settings.prod \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')} \
	ALLOWED_HOSTS=example.com DATABASE_URL=$${DATABASE_URL:-sqlite:///check-deploy.sqlite3} \
	$(PY) manage.py check --deploy --fail-level WARNING

# Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432) and wrk.
# BENCH_DB names the database it drops and recreates (default entities_bench).
bench: venv  ## Benchmark 1,000 vs 1,000,000 entities under gunicorn (about 11 min)
	$(PY) bench/run.py

bench-quick: venv  ## The same with 1,000 vs 100,000 entities (about 4 min)
	$(PY) bench/run.py --quick

clean:  ## Remove the virtualenv, caches and collected static files
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
