# `make run` serves the app with demo data; `make test` runs the suite. Both need only python3.
# `make test-postgres` runs it again on PostgreSQL (ADVISOR_DATABASE_URL, a role that may
# create databases: each test worker gets its own); .ci/run sets that up.
# `make scan` installs and runs the supply-chain scanners (docs/security-scans.md).
# `make bench` runs every benchmark and prints its goals in one table (`make bench BENCH_ARGS=--quick`
# for short runs); docs/performance.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install; pip runs again when any pyproject.toml is newer.
STAMP := $(VENV)/.installed
# Region plugins are installed like third-party ones; the list may be empty.
PLUGIN_PROJECTS := $(wildcard plugins/*/pyproject.toml)

.PHONY: install run lint test test-postgres scan bench

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(PLUGIN_PROJECTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(dir $(PLUGIN_PROJECTS)),-e './$(p)')
	touch $@

run: install
	$(BIN)/python -m advisor setup --demo
	$(BIN)/python -m advisor serve

# ruff over the code; mypy over the core and the plugins, strictly on the plugin kit and the
# scoring engine (pyproject.toml).
lint: install
	$(BIN)/ruff check advisor plugins tests benchmarks .ci
	$(BIN)/python -m mypy --follow-imports=silent advisor plugins

test: install lint
	$(BIN)/python -m pytest -n 2

# Browser tests serve their own SQLite live server, so this pass leaves them to `make test`.
test-postgres: install
	@test -n "$(ADVISOR_DATABASE_URL)" || { echo "set ADVISOR_DATABASE_URL=postgresql+psycopg://..." >&2; exit 2; }
	$(BIN)/python -m pytest -n 2 -m "not browser"

# bandit fails on any high-severity finding; pip-audit's verdict is read by .ci/pip_audit_gate.py.
scan: install
	$(BIN)/python -m pip install --quiet -e '.[scan]'
	$(BIN)/bandit -q -c pyproject.toml -r advisor plugins --severity-level high
	$(BIN)/python .ci/pip_audit_gate.py

# Takes several minutes and loads both cores: run it on a quiet machine.
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
