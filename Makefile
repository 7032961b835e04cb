# The README's two commands, `make run` and `make test`, each install what is missing
# through `make install` first: Debian packages, a virtualenv in .venv, the project.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages venv migrate run test lint bench clean

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

migrate: venv
	@$(PY) manage.py migrate --noinput -v 0

run: install
	@echo "Serverless Architecture Advisor: http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@$(VENV)/bin/ruff check advisor tests
	@$(VENV)/bin/pytest

lint: venv
	@$(VENV)/bin/ruff check advisor tests
	@$(VENV)/bin/ruff format --check advisor tests

bench: install
	@$(PY) manage.py bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
