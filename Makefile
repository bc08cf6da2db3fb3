# Two commands: `make run` starts the product, `make test` runs every test.
# Both set everything up first (virtualenv, pinned dependencies, database, model).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.10: python3.10 on PATH, else pyenv's 3.10.
PYTHON310 := $(shell for p in python3.10 $(HOME)/.pyenv/versions/3.10*/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help setup run test bench
help:
	@echo "make run   - set up, train if needed, start the action server and Rasa (Ctrl-C stops)"
	@echo "make test  - set up, then run every test"
	@echo "make bench - set up, run the benchmarks and rewrite docs/benchmarks.md"

$(VENV)/.installed: requirements.txt constraints.txt
	@if [ -z "$(PYTHON310)" ]; then echo "Python 3.10 is required (Rasa 3.6 does not run on 3.11+)."; \
		echo "Install it (e.g. 'pyenv install 3.10.13' or your package manager's python3.10) and retry."; exit 1; fi
	@echo "==> creating $(VENV) with $(PYTHON310)"
	@$(PYTHON310) -m venv $(VENV)
	@echo "==> installing pinned dependencies (first time: about 2 minutes)"
	@$(VENV)/bin/pip install --quiet --upgrade "pip<24" 2>&1 | grep -v "is ignored: it is neither" || true
	@$(VENV)/bin/pip install --quiet -r requirements.txt -c constraints.txt 2>&1 | grep -v "is ignored: it is neither" || true
	@$(VENV)/bin/pip check
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> installing the chat widget (npm ci)"
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed
	@echo "==> database migrations and demo data"
	@$(PY) -m bot migrate
	@$(PY) -m bot seed-demo --if-empty

run: setup
	@$(PY) -m bot.serving.run

test: setup
	@echo "==> lint (ruff)"
	@$(VENV)/bin/ruff check bot actions tests benchmarks
	@echo "==> types (mypy: bot, actions; mypy.ini)"
	@$(VENV)/bin/mypy
	@echo "==> tests (unit, Rasa data and stories, end to end)"
	@$(PY) -m pytest

bench: setup
	@$(VENV)/bin/python -m benchmarks.report
