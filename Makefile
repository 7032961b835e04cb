# The README's two commands, `make run` and `make test`, each install what is missing
# through `make install` first: Debian packages, a virtualenv in .venv, the project.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages venv migrate run test test-fast lint bench clean tools run-prod worker

install: system-packages venv migrate

system-packages:
	@sh scripts/install-system-packages.sh

# Rebuilt when pyproject.toml changes; the stamp records what was installed.
venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# Static files are collected too: WhiteNoise serves them from STATIC_ROOT under gunicorn.
migrate: venv
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py collectstatic --noinput -v 0

# The web server and a Celery worker side by side (embedded stack: SQLite and a broker in
# var/broker/, no server to install); Ctrl-C stops both. DEBUG stays off, so visitors get
# the site's own error pages; DJANGO_DEBUG=true make run shows Django's debug pages.
run: install
	@$(PY) manage.py run --host $(HOST) --port $(PORT)

# Production shape on one machine: gunicorn and a Celery worker, on the PostgreSQL and
# Redis named by DATABASE_URL and CELERY_BROKER_URL (README: "Running it in production").
run-prod: install
	@$(PY) manage.py run --prod --host $(HOST) --port $(PORT)

# One more worker, here or on another machine sharing the database, broker and media.
worker: venv
	@$(PY) -m celery -A advisor worker -l info

# cfn-lint and checkov, which check the generated starter repos, live in their own
# virtualenv: checkov is heavy (~300 MB) and pins libraries that may clash with ours.
# Rebuilt when scripts/tools-requirements.txt changes.
TOOLS_VENV := .tools-venv

tools: $(TOOLS_VENV)/.installed

$(TOOLS_VENV)/.installed: scripts/tools-requirements.txt
	@test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	@$(TOOLS_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(TOOLS_VENV)/bin/python -m pip install --quiet -r scripts/tools-requirements.txt
	@touch $@

# Test processes side by side (pytest-xdist): on 2 cores the in-process tests are CPU-bound
# and the slow suites spend much of their time waiting on servers and subprocesses. Each
# file's tests stay in one process (--dist loadfile), so a session fixture such as the
# generated repos' validator runs is built once, not once per process; make test-fast, which
# has no such fixture, hands out single tests (100 s against 116 s a file at a time). The
# tests marked single_process (tests/conftest.py says why) run in one process of their own.
TEST_PROCESSES ?= 2
PYTEST_PARALLEL = -n $(TEST_PROCESSES) --dist loadfile

# The single_process run goes beside the others, not after them: they wait on servers and
# subprocesses for part of their time, which it fills (on a quiet machine, 9m05 and then
# 2m33 one after the other). Its report is printed when both have ended.
test: install tools
	@$(VENV)/bin/ruff check advisor advisor_tooling tests
	@report=$$(mktemp); \
	$(VENV)/bin/pytest -p no:xdist -m single_process >$$report 2>&1 & alone=$$!; \
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not single_process"; together=$$?; \
	wait $$alone; alone=$$?; cat $$report; rm -f $$report; \
	test $$together -eq 0 && test $$alone -eq 0

# The edit-test loop: everything but the slow suites (browser, generated-repo validation,
# PDF reports, load, faults, real workers, the fuzzers: markers in pyproject.toml, given by
# tests/conftest.py).
test-fast: install
	@$(VENV)/bin/pytest -n $(TEST_PROCESSES) -m "not slow"

lint: venv
	@$(VENV)/bin/ruff check advisor advisor_tooling tests
	@$(VENV)/bin/ruff format --check advisor advisor_tooling tests

# The bench also measures copier (the starter repo's peer), a bench-only dependency.
bench: install $(VENV)/.installed-bench
	@$(PY) manage.py bench

$(VENV)/.installed-bench: pyproject.toml
	@$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $@

clean:
	rm -rf $(VENV) $(TOOLS_VENV) .tools-venv-generated .pytest_cache .ruff_cache .hypothesis
