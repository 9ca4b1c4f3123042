# The two commands in README.md: `make run` (the app with the demo council) and `make test` (everything CI runs).
# Each does its own set-up: virtual environment, install, database, migrations, demo data or browser.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
CHROMIUM ?= /usr/bin/chromium
PRODUCTION_CHECK_ENV := CPBOARD_ENVIRONMENT=production SECRET_KEY=check-deploy-$$(head -c 64 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') ALLOWED_HOSTS=cpboard.example.gov.uk CPBOARD_LA_CODE=813

.PHONY: run serve test install browser lint check-deploy pytest bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: $(STAMP)
	CPBOARD_MFA_REQUIRED=false $(PY) manage.py migrate --noinput
	CPBOARD_MFA_REQUIRED=false $(PY) manage.py seed_demo
	@echo "cpboard: open http://127.0.0.1:8000 and sign in with a demo login (README.md). Ctrl+C stops it."
	CPBOARD_MFA_REQUIRED=false $(PY) manage.py runserver 127.0.0.1:8000

# The production server (docs/production.md): checks, collectstatic, then gunicorn. `make serve ARGS=--migrate`.
serve: $(STAMP)
	$(VENV)/bin/cpboard serve $(ARGS)

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "cpboard: installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "cpboard: Chromium is not installed at $(CHROMIUM): run 'sudo apt-get install chromium'."; \
	    [ -z "$$CI" ] || exit 1; \
	  fi; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	$(PRODUCTION_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

pytest: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

test: $(STAMP) browser lint check-deploy pytest

bench: $(STAMP)
	$(PY) bench/dashboard.py
	$(PY) bench/dfe_load.py
	$(PY) bench/board_pack.py
