# Upheld: `make run` serves the demo, `make test` runs the whole suite.
# Needs only make and Python >= 3.11: the first of python3.13 … python3 that is new enough is
# used unless PYTHON=... is given. Everything else goes into .venv from PyPI.
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install -q --disable-pip-version-check
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Two workers: the suite takes about 60 % of the time it takes in one process on 2 cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test install dev lint format bench clean messages

$(BIN)/upheld: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Upheld needs Python 3.11 or newer and none was found;" \
		"run: make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) tools/make_venv.py $(VENV)
	$(PIP) -e .
	@touch $@

$(VENV)/.dev: $(BIN)/upheld
	$(PIP) -e '.[dev]'
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
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# The Spanish catalogue (upheld/locale/es/LC_MESSAGES/django.po) is the one source of the
# translations: regenerate it from the code, translate what is new, then `make messages` again
# to compile. Needs GNU gettext (Debian: gettext). A test fails while anything is untranslated.
messages: $(VENV)/.dev
	cd upheld && ../$(BIN)/upheld makemessages -l es --ignore='*/tests/*' --no-obsolete --no-location -v 0
	cd upheld && ../$(BIN)/upheld compilemessages -l es -v 0

bench: $(VENV)/.dev
	$(BIN)/python bench/intake.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data/test*.sqlite3*
