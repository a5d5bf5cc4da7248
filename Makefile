# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is for contributors and CI.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv run test screenshots lint format migrations-check deploy-check messages messages-check bench bench-quick bench-live clean

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

screenshots: venv  ## Take pictures of the main pages (desktop and phone) into docs/screenshots/
	REQUIRE_BROWSER=1 $(PY) -m pytest project/tests/browser/screenshots.py -q $(PYTEST_ARGS)

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
	tar -c --exclude=./.venv --exclude=./.git --exclude=./staticfiles --exclude='*.sqlite3' . \
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
	ALLOWED_HOSTS=example.com DATABASE_URL=$${DATABASE_URL:-sqlite:///check-deploy.sqlite3}

.PHONY: gunicorn-check scale-test
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

# Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432) and wrk;
# the live part also Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/3, emptied).
# BENCH_DB is the prefix of the databases it drops and recreates (default entities_bench).
bench: venv  ## Benchmark 1,000 vs 1,000,000 entities, then the live scenario (about 15 min)
	$(PY) bench/run.py

bench-quick: venv  ## The same with 1,000 vs 100,000 entities and shorter live runs (about 5 min)
	$(PY) bench/run.py --quick

bench-live: venv  ## Only the live scenario: readers, a comment writer, the baseline (about 3.5 min)
	$(PY) bench/run.py --live-only

clean:  ## Remove the virtualenv, caches and collected static files
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
