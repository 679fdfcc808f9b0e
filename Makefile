# Reintegra — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
export REINTEGRA_HOME ?= $(CURDIR)/var

.PHONY: run test install install-test system-deps lint typecheck migrations-check messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e '.[test]'

# Debian packages: Chromium for browser tests; Pango for PDF reports (WeasyPrint); gettext for translations.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 gettext
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

run: install
	REINTEGRA_DEBUG=$${REINTEGRA_DEBUG:-true} $(BIN)/reintegra demo

test: install-test
	$(BIN)/ruff check src tests benchmarks
	REINTEGRA_DEBUG=true REINTEGRA_HOME=$$(mktemp -d) $(BIN)/mypy src/reintegra
	REINTEGRA_DEBUG=true REINTEGRA_HOME=$$(mktemp -d) $(BIN)/reintegra manage makemigrations --check --dry-run
	$(BIN)/pytest

lint:
	$(BIN)/ruff check src tests benchmarks

typecheck:
	REINTEGRA_DEBUG=true $(BIN)/mypy src/reintegra

messages:
	cd src/reintegra && REINTEGRA_DEBUG=true ../../$(BIN)/reintegra manage makemessages -l fr --no-obsolete && REINTEGRA_DEBUG=true ../../$(BIN)/reintegra manage compilemessages

clean:
	rm -rf $(VENV) var
