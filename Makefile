# Rumbo: `make run` serves the app with its demo cooperative; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export RUMBO_DATA_DIR ?= $(CURDIR)/data

.PHONY: install run lint test fuzz bench lock messages clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml $(wildcard rumbo/locale/*/LC_MESSAGES/django.po)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/pybabel compile --domain django --directory rumbo/locale --use-fuzzy >/dev/null
	touch $@

run: install
	$(BIN)/rumbo serve --demo-if-empty

# Lint and type-check before the tests: ruff as configured in pyproject.toml, then mypy over the
# rumbo package (strict on the engine; its cache in .mypy_cache makes a second run take seconds).
# mypy's Django plugin reads the settings, which need a secret key; this one serves nothing.
lint: install
	$(BIN)/ruff check rumbo tests bench
	$(BIN)/ruff format --check rumbo tests bench
	SECRET_KEY=$${SECRET_KEY:-type-check-only} $(BIN)/mypy

# The suite runs on every core with pytest-xdist, each test file whole on one worker (so a
# module-scoped fixture is built once), the files marked slow or browser first (tests/conftest.py);
# PYTEST_WORKERS=0 runs it in this one process.
# The run writes bytecode even where PYTHONDONTWRITEBYTECODE is set: every process the tests start (a server, a
# worker, a command) would otherwise compile Rumbo again, half a second each, and every pytest-xdist worker would
# rewrite the assertions of every test file again, 10 s of its 20 s collection.
PYTEST_WORKERS ?= auto
test: install lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The property tests alone (Hypothesis marks them), each drawing four times its `make test` examples (tests/fuzz.py).
fuzz: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m hypothesis --hypothesis-profile=fuzz $(PYTEST_ARGS)

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock

messages:
	cd rumbo && ../$(BIN)/rumbo manage makemessages -l en --no-obsolete

clean:
	rm -rf $(VENV) data artifacts
