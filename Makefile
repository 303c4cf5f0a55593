# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test serve setup venv venv-dev system-deps test-system-deps lint typecheck fixture clean frontend benchmark loadtest faultdrill

# One stamp per lock: `make run` installs the runtime lock only; `make test` (and lint) the
# development lock, which includes the runtime one. Each reinstalls only when its lock changes.
$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@ $(VENV)/.installed-runtime

venv: $(VENV)/.installed-runtime
venv-dev: $(VENV)/.installed-dev

# Operating-system packages: WeasyPrint's Pango, an Arial-metric font for the PDFs,
# Chromium for the browser tests, poppler to look at PDFs. Installed only when missing.
SYSTEM_PACKAGES := chromium fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# For `make test` only (not `make run`): LibreOffice prints the Excel export to PDF so that a test can read the
# printed font sizes back (tests/excel/test_print.py), as a clerk would print the workbook.
# wrk is the HTTP load client of `manage.py benchmark --http` (tools/benchmark/http.py), tried by a test.
TEST_SYSTEM_PACKAGES := libreoffice-calc-nogui wrk
BENCHMARK_SYSTEM_PACKAGES := wrk
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "make: please install these Debian packages:$$missing"; exit 1; fi; \
	fi

test-system-deps:
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(TEST_SYSTEM_PACKAGES)"

# Front end: govuk-frontend, sass and axe-core from npm, pinned in package-lock.json.
# `npm ci` runs only when node_modules is missing or older than the lock (stamp file);
# static/build/ is generated (git-ignored). No GOV.UK brand images are copied.
NPM ?= npm
NODE_STAMP := node_modules/.jartracker-installed
GOVUK_DIST := node_modules/govuk-frontend/dist/govuk

$(NODE_STAMP): package.json package-lock.json
	@command -v $(NPM) >/dev/null || { echo "make: npm not found (Node.js 20.19 or later is required)"; exit 1; }
	$(NPM) ci --no-audit --no-fund --ignore-scripts
	touch $@

static/build/app.css: $(wildcard assets/scss/*.scss) $(NODE_STAMP)
	@mkdir -p $(@D)
	npx sass --pkg-importer=node --style=compressed --no-source-map assets/scss/app.scss $@

static/build/govuk-frontend.min.js: $(NODE_STAMP)
	@mkdir -p $(@D)
	cp $(GOVUK_DIST)/govuk-frontend.min.js $(GOVUK_DIST)/govuk-frontend.min.js.map $(@D)/
	touch $@

frontend: static/build/app.css static/build/govuk-frontend.min.js

setup: venv system-deps frontend
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v0
	DJANGO_DEBUG=true $(PY) manage.py setup_demo

# The background worker (django-tasks' db_worker: papers' PDFs, the daily reminders) and the
# reminders' scheduler (schedule_reminders: queues send_reminders each day at JARTRACKER_REMINDERS_AT)
# run beside the server and are stopped when it stops. --no-reload: a reloading worker's child would
# outlive `kill`. Mail goes to files in ./sent-mail/ (Django's file backend) unless EMAIL_HOST or
# DJANGO_EMAIL_BACKEND is set.
MAIL_ENV := $(if $(EMAIL_HOST)$(DJANGO_EMAIL_BACKEND),,DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(CURDIR)/sent-mail)
serve:
	@echo "Serving on http://127.0.0.1:8000 with the background worker and the reminders' scheduler (Ctrl-C to stop)"
	@echo "$(if $(MAIL_ENV),Email is written to files in $(CURDIR)/sent-mail/ (set EMAIL_HOST to send it),Email goes through $(or $(DJANGO_EMAIL_BACKEND),SMTP at $(EMAIL_HOST)))"
	DJANGO_DEBUG=true $(MAIL_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	DJANGO_DEBUG=true $(MAIL_ENV) $(PY) manage.py schedule_reminders & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(MAIL_ENV) $(PY) manage.py runserver 127.0.0.1:8000

run: setup serve

lint: venv-dev typecheck
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=jartracker.settings_test >/dev/null

# mypy with django-stubs over the modules listed in pyproject.toml ([tool.mypy] files).
typecheck: venv-dev
	$(VENV)/bin/mypy

# Coverage (configured in pyproject.toml) fails the run below its floor; plain `.venv/bin/pytest`
# runs without it, so a partial run is not held to the floor.
test: venv-dev system-deps test-system-deps frontend lint
	$(VENV)/bin/pytest -q --cov --cov-report=term-missing:skip-covered

# Speed figures (see README): a synthetic installation in a database of its own.
benchmark: venv frontend
	@$(MAKE) --no-print-directory system-deps SYSTEM_PACKAGES="$(BENCHMARK_SYSTEM_PACKAGES)"
	DJANGO_DEBUG=true $(PY) manage.py benchmark --json benchmark.json

# Drills (README, "Load and fault drills"), never part of `make test`: minutes-long runs on loopback.
# loadtest: 50 officers and 5 directors under Locust for 60 s against gunicorn with production settings, on a
# throwaway database on the PostgreSQL at 127.0.0.1:5432 (LOADTEST_ARGS, e.g. --server or --seconds).
loadtest: venv-dev
	$(PY) -m tools.loadtest.run $(LOADTEST_ARGS)

# faultdrill: a gunicorn worker killed, PostgreSQL restarted (a throwaway cluster of its own on port 55432, made
# with initdb), the background worker killed mid-issue; what users saw, and that nothing was lost or stuck.
faultdrill: venv-dev
	$(PY) -m tools.faultdrill.run $(FAULTDRILL_ARGS)

# Only this target reads ../shared/seeds (a user's clone has none).
fixture: venv
	DJANGO_DEBUG=true $(PY) manage.py build_fixture

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media-test staticfiles sent-mail .coverage .coverage.* htmlcov .mypy_cache
