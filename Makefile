# bansou — the two commands a chamber needs: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
BANSOU := $(VENV)/bin/bansou
# Python >= 3.12: the one .python-version names through pyenv, else python3.12/3.13 on PATH.
PYTHON_FOR_VENV ?= $(shell for p in python3.12 python3.13; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
# Each app keeps its own Japanese catalogue; the build compiles every one of them.
PO := $(wildcard bansou/*/locale/ja/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
APPS_WITH_CATALOGUES := $(patsubst bansou/%/locale/ja/LC_MESSAGES/django.po,%,$(PO))

.PHONY: help demo test lint format makemessages clean benchmark system-runtime system-test

help:
	@echo "make demo   create the environment, load the demo chamber, serve http://127.0.0.1:8000"
	@echo "make test   install what the tests need, then run the whole suite (SQLite, then PostgreSQL)"

$(PY):
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	  echo "bansou needs Python 3.12 or newer (python3.12 or python3.13 on PATH)."; \
	  echo "Install it, e.g. 'pyenv install 3.12' (this repository's .python-version asks pyenv for 3.12)."; \
	  exit 1; fi
	$(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.runtime $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

%.mo: %.po
	msgfmt --check -o $@ $<

system-runtime:
	@bash scripts/system-deps.sh runtime

system-test:
	@bash scripts/system-deps.sh test

demo: system-runtime $(VENV)/.runtime node_modules/.package-lock.json $(MO)
	$(BANSOU) migrate --no-input
	$(BANSOU) demo
	$(BANSOU) collectstatic --no-input --verbosity 0
	@# The background worker (bansou.jobs) runs alongside the server and stops with it.
	@$(BANSOU) worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BANSOU) runserver 127.0.0.1:8000

test: system-test $(VENV)/.dev node_modules/.package-lock.json $(MO)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(BANSOU) makemigrations --check --dry-run
	$(PY) scripts/run_tests.py

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Refresh every app's catalogue from its code and templates (then translate the new msgids).
makemessages:
	for app in $(APPS_WITH_CATALOGUES); do \
	  (cd bansou/$$app && ../../$(BANSOU) makemessages -l ja --no-obsolete --add-location file) || exit 1; \
	done

benchmark: $(VENV)/.dev node_modules/.package-lock.json $(MO)
	$(PY) benchmarks/business_register.py
	$(PY) benchmarks/register_search.py
	$(PY) benchmarks/support_records.py
	$(PY) benchmarks/evaluation.py
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/import_export.py
	$(PY) benchmarks/demo_load.py
	$(PY) benchmarks/history_imports.py
	$(PY) benchmarks/audit_log.py
	$(PY) benchmarks/dispatch_board.py
	$(PY) benchmarks/meeting_register.py
	$(PY) benchmarks/load.py
	$(PY) benchmarks/job_overhead.py
	$(PY) benchmarks/surveys_report.py

clean:
	rm -rf $(VENV) node_modules var/test-*
