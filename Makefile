# nrenorch: `make demo` runs the whole thing, `make test` runs the whole test suite.
# Both set up everything they need on a fresh machine (virtualenv, packages, services).

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Integration tests and the demo use the machine's PostgreSQL unless told otherwise.
TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/nrenorch
DEMO_DATABASE_URL ?= postgres://root@127.0.0.1:5432/nrenorch_demo
export PYTHONDONTWRITEBYTECODE := 1
# Every target here is a development run: the built-in SECRET_KEY is allowed and DEBUG is on
# by default (nrenorch/settings.py, docs/configuration.md). Production never runs make.
export NRENORCH_DEVELOPMENT ?= 1

.PHONY: venv services netbox browser test test-unit test-sqlite check-migrations lint format demo bench clean messages screenshots

# Python 3.12: a python3.12 that runs, else pyenv's 3.12.x, else a clear error.
PYTHON312 := $(shell scripts/find-python312)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is required: install it (pyenv install 3.12) or put python3.12 on PATH"; exit 1; }
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

services:
	@scripts/ensure-services

# The local NetBox sandbox (docs/netbox.md): cold about 6 minutes once per machine, then
# seconds. With NETBOX_URL set, that NetBox is used and no sandbox is started.
netbox: venv services
ifeq ($(NETBOX_URL),)
	$(PY) manage.py netbox_sandbox up
else
	@echo "NETBOX_URL is set: using the NetBox at $(NETBOX_URL), no sandbox"
endif

# Headless Chromium and ChromeDriver (Debian packages) for the browser tests.
browser:
	@scripts/ensure-browser

test: venv services netbox browser
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest

test-unit: venv
	$(PY) -m pytest -m "not integration"

# A model change without its migration fails here (CI runs it before the tests). The test
# settings too: they add tests/testproducts, whose models have migrations of their own.
check-migrations: venv
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

# Formatting, lint (ruff: pycodestyle, pyflakes, import order, bugbear, pyupgrade, simplify) and
# types (mypy with the Django and DRF plugins): config in pyproject.toml; the same checks run as
# pre-commit hooks (.pre-commit-config.yaml, `$(VENV)/bin/pre-commit install` once per clone).
lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

# Applies what `make lint` can fix by itself: the safe fixes first (imports), then the format.
format: venv
	$(VENV)/bin/ruff check --fix --exit-zero .
	$(VENV)/bin/ruff format .

# The engine and unit tests on the embedded default (SQLite, ORM broker), so that it keeps
# working. pytest fails with exit code 5 when nothing was collected: that fails here too.
test-sqlite: venv
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -m "not integration and not netbox and not browser" -q

# Without PostgreSQL or Redis the demo says what is missing and runs on SQLite + the ORM broker.
demo: venv
	DEMO_DATABASE_URL=$(DEMO_DATABASE_URL) scripts/demo

bench: venv services
	DATABASE_URL=$(TEST_DATABASE_URL)_bench $(PY) bench/engine_throughput.py

# The console's translations: collect the marked strings into locale/*/django.po, then
# compile the .mo files (committed, so a machine without gettext still serves them).
messages: venv
	$(PY) manage.py makemessages -l nl --ignore "tests/*" --ignore "bench/*" --ignore "staticfiles/*"
	$(PY) manage.py compilemessages -l nl --ignore ".venv"

# Browser walk-through with its screenshots written to docs/screenshots (the README tour).
screenshots: venv services netbox browser
	DATABASE_URL=$(TEST_DATABASE_URL) SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -m browser -q

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .pytest_cache
