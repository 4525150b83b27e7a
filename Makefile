# `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint clean

$(BIN)/opsdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/opsdesk
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/opsdesk
	$(BIN)/opsdesk

test: $(VENV)/.test-deps
	$(BIN)/ruff check store tui themes tests
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-deps
	$(BIN)/python tests/bench/run.py

lint: $(VENV)/.test-deps
	$(BIN)/ruff check store tui themes tests
	$(BIN)/ruff format --check store tui themes tests

clean:
	rm -rf $(VENV) build *.egg-info
