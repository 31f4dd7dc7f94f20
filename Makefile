# The verbs a person types. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address readers use, which every link the site writes starts with (core/site_url.py):
# where `make run` serves, unless SITE_BASE_URL is set (behind a proxy or a host name).
SITE_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate demo test test-postgres test-browser lint format check dump-data guide-screenshots walkthrough-screenshots bench soak lock clean messages compilemessages

help: ## List the commands
	@awk 'BEGIN {FS = ":.*?## "} /^[a-zA-Z_-]+:.*?## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/dev.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	@touch $@

install: $(VENV)/.installed compilemessages ## Create .venv, install the pinned dependencies, compile the translations

# The interface's translations (docs/translation.md). Only the .po source is committed; the
# .mo that Django reads is built from it: by GNU msgfmt when the machine has it (Debian's
# `gettext`), else by the project's pure-Python compiler, locale/msgfmt.py.
LOCALES := zh_Hans
PO_FILES := $(foreach locale,$(LOCALES),locale/$(locale)/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
MESSAGES_IGNORE := --ignore=.venv --ignore=.venv-django6 --ignore=staticfiles --ignore=media \
	--ignore=node_modules --ignore=tests --ignore=fixtures --ignore=test-artifacts --ignore=locale

compilemessages: $(MO_FILES) ## Compile the translations (locale/*/LC_MESSAGES/django.po → .mo)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po locale/msgfmt.py
	@if command -v msgfmt >/dev/null 2>&1; then \
		msgfmt --check-format -o $@ $<; \
	else \
		$(PYTHON) locale/msgfmt.py $< && echo "compiled $< (locale/msgfmt.py: no msgfmt here)"; \
	fi

messages: $(VENV)/.installed ## Collect every marked string into locale/*/LC_MESSAGES/django.po (then translate the new ones)
	$(MANAGE) makemessages $(foreach locale,$(LOCALES),--locale=$(locale)) --no-obsolete --add-location=file $(MESSAGES_IGNORE)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo content (safe to run again); the Wagtail Site follows SITE_BASE_URL
	SITE_BASE_URL='$(SITE_BASE_URL)' $(MANAGE) load_demo

run: demo ## Install, migrate, load the demo and serve on http://127.0.0.1:8000 (or HOST=… PORT=…)
	SITE_BASE_URL='$(SITE_BASE_URL)' $(MANAGE) demo_login
	SITE_BASE_URL='$(SITE_BASE_URL)' $(MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

test-postgres: install ## Run the suite against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

test-browser: install ## Run only the browser tests (needs Debian's chromium)
	$(BIN)/pytest tests/browser

lint: install ## Check code style (ruff), import rules (lint-imports), templates, translations and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(PY) tests/lint_templates.py
	$(PY) tests/lint/template_strings.py
	$(PY) tests/lint/catalogue.py
	$(MANAGE) makemigrations --check --dry-run

format: install ## Format code and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

guide-screenshots: install ## Retake the editor guide's screenshots (docs/images/editor-guide)
	EDITOR_GUIDE_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_editor_guide.py

walkthrough-screenshots: install ## Retake the user walk-through's screenshots (docs/images/walkthrough)
	WALKTHROUGH_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_user_walkthrough.py

bench: install ## Seed 1,000 explainers and measure the production stack with wrk (docs/performance.md)
	$(PY) tests/bench/run.py

soak: install ## 32 readers + 8 commenters for 60 s, plain / PostgreSQL restart / Redis outage (docs/reliability.md)
	$(PY) -m tests.soak.run

dump-data: install ## Write the current content back to fixtures/demo.json
	$(MANAGE) dump_demo

lock: ## Re-pin requirements/*.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml -c requirements/constraints.txt --universal --python-version 3.11 --generate-hashes -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev -c requirements/constraints.txt --universal --python-version 3.11 --generate-hashes -o requirements/dev.lock
	@# pip-audit asks for CacheControl[filecache]: pip (23.x, --require-hashes) takes a bare
	@# `cachecontrol==…` line as not pinning the extra, looks for the newest release on PyPI and
	@# stops ("must have their versions pinned with =="). Name the extra on the pinned line.
	sed -i 's/^cachecontrol==/cachecontrol[filecache]==/' requirements/dev.lock

clean: ## Remove the virtualenv, database, media, collected static files and compiled translations
	rm -rf $(VENV) db.sqlite3 media staticfiles $(MO_FILES)
