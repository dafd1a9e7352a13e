# Upheld: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install dev lint format bench clean

$(BIN)/upheld: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.dev: $(BIN)/upheld
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/upheld
dev: $(VENV)/.dev

run: $(BIN)/upheld
	$(BIN)/upheld migrate --noinput -v 0
	$(BIN)/upheld load-demo
	$(BIN)/upheld collectstatic --noinput -v 0
	$(BIN)/upheld serve --host $(HOST) --port $(PORT)

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: $(VENV)/.dev
	$(BIN)/python bench/intake.py

clean:
	rm -rf $(VENV) data/test*.sqlite3*
