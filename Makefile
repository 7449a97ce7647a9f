# SociaLearn. Two commands get you going:
#   make run   install, migrate, load demo data on first start, serve web + worker + beat
#   make test  install and run the whole test suite
# Everything runs in .venv with the embedded default (SQLite, no Redis) unless
# DATABASE_URL / REDIS_URL are set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VAR := var

NODE_TOOLS := tools/node
NODE_STAMP := $(NODE_TOOLS)/node_modules/.installed

.PHONY: run test e2e bench lint format install node-tools migrate demo clean help

help:
	@echo "make run    - install, migrate, seed demo data once, serve on http://127.0.0.1:8000"
	@echo "make test   - install and run the whole test suite (browser tests need chromium)"
	@echo "make e2e    - only the browser journeys (screenshots in var/screenshots/)"
	@echo "make bench  - load-test the main pages (see docs/performance.md)"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - apply ruff format and safe fixes"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Test tools from npm: the Nu HTML Checker (browser tests) and the OpenID Connect and SAML
# identity providers the single sign-on tests sign in with.
$(NODE_STAMP): $(NODE_TOOLS)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(NODE_TOOLS) && npm ci --silent --no-audit --no-fund && touch node_modules/.installed; \
	else echo "npm not found: browser tests will be skipped or fail their HTML check"; fi

node-tools: $(NODE_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Demo data is loaded once; seed_demo itself is idempotent too.
$(VAR)/.demo-seeded:
	$(BIN)/python manage.py seed_demo
	@mkdir -p $(VAR) && touch $(VAR)/.demo-seeded

demo: migrate $(VAR)/.demo-seeded

run: demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  SociaLearn is starting on http://127.0.0.1:8000"
	@echo "  Sign in as demo@example.com / demo-password-2026"
	@echo "  (admin: admin@example.com / admin-password-2026). Ctrl-C stops everything."
	@echo ""
	$(BIN)/honcho start -f Procfile

# The browser journeys (tests/e2e) run when /usr/bin/chromium exists and skip otherwise.
test: install node-tools
	$(BIN)/pytest

e2e: install node-tools
	$(BIN)/pytest tests/e2e

# Load test (docs/performance.md): needs wrk and a database filled by `manage.py seed_bench`.
bench: install
	$(BIN)/python bench/run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VAR) $(VENV)
