# Two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
export FLASK_APP := careercenter

.PHONY: run test lint bench install db clean browser sso

# Install a Debian package when it is missing and we are root with apt (as .ci/run does);
# otherwise do nothing: the tests name the browser tests they skipped.
define apt_install
	@if ! command -v $(1) >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $(2) (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null \
		|| echo "could not install $(2)"; \
	fi
endef

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: $(STAMP)
	$(call apt_install,xmlsec1,xmlsec1)
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

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
browser:
	$(call apt_install,chromium,chromium)

# SSO tests: Debian's xmlsec1 (SAML signatures) and node for the test OpenID provider, whose
# npm packages live in tests/sso/node_modules (ignored by git, kept between runs: `npm ci`
# runs only when package-lock.json is newer than the installed tree). Without them the SSO
# tests skip, naming why.
sso:
	$(call apt_install,xmlsec1,xmlsec1)
	$(call apt_install,npm,nodejs npm)
	@if command -v npm >/dev/null 2>&1 && \
		! [ tests/sso/node_modules/.package-lock.json -nt tests/sso/package-lock.json ]; then \
		echo "installing the test OpenID provider (npm ci)"; \
		(cd tests/sso && npm ci --no-audit --no-fund --silent) \
		|| echo "could not install the test OpenID provider"; \
	fi

test: lint browser sso
	$(BIN)/python -m pytest --durations=15

# The bench installs wrk itself when root with apt, or falls back to a Python generator.
bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance/careercenter.db* .pytest_cache .mypy_cache
