# SDS Champions Hub: `make run` to try it, `make test` to test it.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask
PORT   ?= 5000
# Two test processes: one per core on the 2-core CI machine (each gets its own database). Each starts with
# half of the tests (the longest first: tests/conftest.py) and one that runs out takes half of what the other
# has left (pytest-xdist's worksteal), so neither ends alone on a long test.
PYTEST_WORKERS ?= 2
PYTEST_DIST    ?= --dist worksteal
export FLASK_APP := wsgi:app

.PHONY: run test test-sqlite test-postgres install install-test chromium nginx oidc-provider vnu demo-code bench bench-search clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,postgres]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: set everything up and serve the demo on http://127.0.0.1:$(PORT)
run: install
	mkdir -p instance
	DEMO=1 $(FLASK) db upgrade
	DEMO=1 $(FLASK) seed-demo
	DEMO=1 $(FLASK) search ensure
	@echo ""
	@echo "SDS Champions Hub is starting on http://127.0.0.1:$(PORT)"
	@echo "Demo sign-ins (password for all: sds-demo-2027):"
	@echo "  admin@example.org         administrator"
	@echo "  champion@example.org      SDS Champion"
	@echo "  practitioner@example.org  practitioner"
	@echo "  partner@example.org       partner (independent support organisation)"
	@echo "  newstarter@example.org    new starter (practitioner who joined today)"
	@echo "The champion and admin also need a code: add the key SDSHUBDEMOKEYFORCHAMPIONSANDADMN to an"
	@echo "authenticator app, or run 'make demo-code' in another terminal."
	@echo "Emails are printed here and saved in instance/mail/."
	@echo ""
	DEMO=1 SERVER_BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

## chromium: Debian's Chromium for the browser tests (only when missing and we are root)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	  || echo "Could not install chromium: browser tests will be skipped"; \
	else echo "No /usr/bin/chromium and not root: browser tests will be skipped"; fi

## nginx: Debian's nginx for the test of the deploy files working together (only when missing and we are root)
nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's nginx-light for the deploy test (the service is not started)"; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl >/dev/null \
	   || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl >/dev/null)) \
	  || echo "Could not install nginx: the deploy test will be skipped"; \
	else echo "No nginx and not root: the deploy test will be skipped"; fi

## oidc-provider: the OpenID Certified provider the sign-in tests run (needs Node.js 20 and npm; skipped without)
oidc-provider:
	@if command -v npm >/dev/null; then \
	  [ -d tests/oidc/node_modules/oidc-provider ] || npm ci --prefix tests/oidc --no-audit --no-fund \
	  || echo "Could not install oidc-provider: its sign-in tests will be skipped"; \
	else echo "No npm: the oidc-provider sign-in tests will be skipped"; fi

## vnu: the Nu Html Checker (npm vnu-jar) and Java for the valid-pages test (skipped, saying why, without them)
vnu:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's default-jre-headless for the Nu Html Checker"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
	  || echo "Could not install Java: the valid-pages test will be skipped"; \
	else echo "No Java and not root: the valid-pages test will be skipped"; fi
	@if command -v npm >/dev/null; then \
	  [ -f tests/vnu/node_modules/vnu-jar/build/dist/vnu.jar ] \
	  || npm ci --prefix tests/vnu --ignore-scripts --no-audit --no-fund \
	  || echo "Could not install vnu-jar: the valid-pages test will be skipped"; \
	else echo "No npm: the valid-pages test will be skipped"; fi

## demo-code: the current authenticator code of the demo champion and admin (DEMO=1 only: never a real account)
demo-code: install
	@$(PY) -c "import pyotp; from champions.auth.demo import DEMO_TOTP_SECRET as s; print(pyotp.TOTP(s).now())"

## test: the whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set
test: install-test chromium nginx oidc-provider vnu
	@echo "== Worst-case inputs (fail only when one takes seconds; the goals are in the tables) =="
	$(PY) benchmarks/worst_case.py
	$(PY) benchmarks/guard_speed.py
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_DIST)
	@if [ -n "$(TEST_DATABASE_URL)" ]; then \
	  echo "== Again on PostgreSQL ($(TEST_DATABASE_URL)) =="; \
	  HUB_TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_DIST); \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)"; fi

bench: install-test
	$(PY) benchmarks/run.py

bench-search: install-test
	$(PY) benchmarks/search_bench.py

clean:
	rm -rf $(VENV) instance .pytest_cache
