# `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint clean compile

# The checkout is installed as a plain path (editable_mode=compat): setuptools' default
# editable finder costs every command ~15 ms at interpreter start. Tests and the program
# run the checkout's code either way.
EDITABLE := --config-settings editable_mode=compat

$(BIN)/opsdesk: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(EDITABLE) -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/opsdesk
	$(BIN)/pip install --quiet $(EDITABLE) -e '.[test]'
	touch $@

# Byte-code for the checkout, as an installed package has: where PYTHONDONTWRITEBYTECODE is
# set, every command would otherwise compile its modules anew each time it starts.
compile: $(BIN)/opsdesk
	$(BIN)/python -m compileall -q store tui themes

run: compile
	$(BIN)/opsdesk

test: $(VENV)/.test-deps
	$(BIN)/ruff check store tui themes tests
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-deps compile
	$(BIN)/python tests/bench/run.py

lint: $(VENV)/.test-deps
	$(BIN)/ruff check store tui themes tests
	$(BIN)/ruff format --check store tui themes tests

clean:
	rm -rf $(VENV) build *.egg-info
