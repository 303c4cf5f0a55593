# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= jartracker.settings

.PHONY: run test serve setup venv system-deps lint fixture clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

venv: $(VENV)/.installed

# Operating-system packages: WeasyPrint's Pango, an Arial-metric font for the PDFs,
# Chromium for the browser tests, poppler to look at PDFs. Installed only when missing.
SYSTEM_PACKAGES := chromium fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	  else echo "make: please install these Debian packages:$$missing"; exit 1; fi; \
	fi

setup: venv system-deps
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v0
	DJANGO_DEBUG=true $(PY) manage.py setup_demo

serve:
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

run: setup serve

lint: venv
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=jartracker.settings_test >/dev/null

test: venv system-deps lint
	$(VENV)/bin/pytest -q

# Only this target reads ../shared/seeds (a user's clone has none).
fixture: venv
	DJANGO_DEBUG=true $(PY) manage.py build_fixture

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media-test staticfiles
