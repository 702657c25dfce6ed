# Two commands: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= networksite.settings.dev
export PORT
# Every demo process makes its email links from the port the demo serves (honcho gives each
# process a PORT of its own, so the origin is fixed here, once).
export SITE_URL ?= http://127.0.0.1:$(PORT)

# The catalogues in locale/ (docs/languages.md): every marked string, then Welsh compiled for Django.
.PHONY: messages permissions-doc demo serve test test-redis test-deployment production-local install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes, so a second `make demo` is fast.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@$(BIN)/python manage.py check_database
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(MAKE) --no-print-directory serve

# The demo's process set (Procfile.dev): daphne, the task worker and the scheduler, on the data
# already there. One Ctrl-C stops all three.
serve: install
	@echo "Serving $(SITE_URL)/ (HTTP and WebSocket), with the task worker and the scheduler. Ctrl-C stops all three. Demo logins are in README.md."
	@PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n0 -k ..." runs a part serially.
# The deployment smoke test has its own target (it starts the whole production topology).
PYTEST_ARGS ?= -n auto
# The import contracts in pyproject.toml (floors only look down) run first: a violation fails the run.
test: install
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=networksite.settings.test $(BIN)/python -m pytest -m "not deployment" $(PYTEST_ARGS)

# The Redis and multi-process tests alone (each starts its own redis-server and daphne processes).
test-redis: install
	DJANGO_SETTINGS_MODULE=networksite.settings.test $(BIN)/python -m pytest -n0 -m redis

# deploy/local.sh's topology (nginx, two app processes, worker, scheduler, PostgreSQL, Redis),
# driven through nginx, then stopped (tests/deploy/test_production_local.py).
test-deployment: install
	DJANGO_SETTINGS_MODULE=networksite.settings.test $(BIN)/python -m pytest -n0 -m deployment tests/deploy

# The production topology on this machine until Ctrl-C (docs/deployment.md, "Try it on one machine").
production-local: install
	deploy/local.sh run

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=networksite.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	DJANGO_SETTINGS_MODULE=networksite.settings.test $(BIN)/python bench/discussions.py

clean:
	rm -rf $(VENV) static var db.sqlite3
permissions-doc: install
	$(BIN)/python -m tests.permission_table > docs/permissions.md

messages: install
	$(BIN)/python -m networksite.messages
