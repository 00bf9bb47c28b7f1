# Set-up contract (DESIGN.md): `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/entente demo

test: $(VENV)/.installed-dev
	bash scripts/install-system-packages.sh
	$(BIN)/ruff check src tests bench scripts examples
	$(BIN)/mypy
	# bytecode caches on: each test's `entente` process and each worker's collection
	# would otherwise compile the package and rewrite the tests again
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/origami.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
