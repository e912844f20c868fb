# Two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
export FLASK_APP := careercenter

.PHONY: run test lint bench install db clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: $(STAMP)
	@mkdir -p instance
	@new=$$(test -e instance/careercenter.db || echo yes); \
	$(BIN)/flask db upgrade; \
	$(BIN)/flask practices sync; \
	if [ -n "$$new" ]; then $(BIN)/flask demo seed; fi

run: db
	@$(BIN)/flask demo accounts --port $(PORT)
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance/careercenter.db* .pytest_cache .mypy_cache
