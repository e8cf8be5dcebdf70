# Two commands: `make run` opens the app on demo data, `make test` runs the whole suite.
# Both set up .venv first, so a fresh machine with Python 3.11 and make needs nothing else.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint setup clean bench bench-tools

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--config-settings editable_mode=compat -e '.[dev]'
	$(BIN)/python -m compileall -q helpdesk_tui
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/helpdesk-tui --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) lint
	$(BIN)/python -m pytest

# The benchmark compares with fzf and abook, and measures PostgreSQL beside SQLite (on a server
# of its own), from Debian's packages.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
bench-tools:
	@command -v fzf >/dev/null && command -v abook >/dev/null && \
		{ command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fzf abook postgresql; }

# Whole-process figures are taken with every module compiled, as an installed app has them,
# even where PYTHONDONTWRITEBYTECODE keeps Python from writing what it compiles.
bench: $(STAMP) bench-tools
	$(BIN)/python -m compileall -q helpdesk_tui
	$(BIN)/helpdesk-tui bench --sizes 100000,1000000 --readme README.md

clean:
	rm -rf $(VENV) build *.egg-info
