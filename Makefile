# Hài Lòng — quick start: `make demo` (serve demo data) and `make test` (whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed for people: a server bound to every interface is reached on this host.
ADDRESS := http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)/
WORKERS ?= 2
PYTEST_ARGS ?=
# Test processes: one per core (pytest-xdist); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
BENCH_ARGS ?=

.PHONY: demo test check install install-test serve translations messages lint bench clean \
	system-packages \
	constraints wheelhouse

demo: install
	$(BIN)/hailong db upgrade
	$(BIN)/hailong seed-demo --if-empty --address $(ADDRESS)
	$(BIN)/hailong dashboard refresh
	@echo "Serving at $(ADDRESS) — console $(ADDRESS)admin/, tablet $(ADDRESS)kiosk/ (Ctrl+C stops)"
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - "wsgi:create_app()"

test: install-test system-packages
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The inner loop: everything but Chromium, the fault tests, fuzzing and the slow deploy tests.
check: install-test
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not browser and not slow" --ignore=tests/fuzz $(PYTEST_ARGS)

# The Debian packages the tests need (Chromium, poppler, nginx, …): installed when missing.
system-packages:
	.ci/system-packages

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

$(VENV)/.installed: setup.cfg pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(VENV)/.installed $@

# Compiled catalogues are build output: made from the committed .po files.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d web/translations

# Re-extract messages after changing UI text, then translate the new entries in the .po file.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project hailong --ignore-dirs='.venv build tests bench' -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations \
		--ignore-obsolete --no-fuzzy-matching
	rm web/translations/messages.pot

# Every benchmark on SQLite and PostgreSQL; prints one table and records it in docs/benchmarks.md.
bench: $(VENV)/.installed-bench translations
	$(BIN)/python bench/run.py $(BENCH_ARGS)

$(VENV)/.installed-bench: setup.cfg pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

lint: install-test
	$(BIN)/ruff check .

serve: install
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) "wsgi:create_app()"

# Resolve setup.cfg's ranges afresh in a scratch venv and write the exact versions to
# constraints.txt; then run `make test` and commit both if it passes.
constraints:
	rm -rf build/constraints-venv
	$(PYTHON) -m venv build/constraints-venv
	build/constraints-venv/bin/python -m pip install --quiet --upgrade pip
	build/constraints-venv/bin/python -m pip install --quiet '.[postgres,test,bench]'
	{ sed -n '1,3p' constraints.txt; build/constraints-venv/bin/python -m pip freeze \
		--exclude-editable | grep -v '^hailong'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf build/constraints-venv

# Every wheel the app needs, for an install with no network (docs/deployment.md).
WHEELHOUSE ?= wheelhouse
wheelhouse: translations
	rm -rf build/lib $(WHEELHOUSE)
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) -c constraints.txt '.[postgres]'
	@echo "Wheels for an offline install are in $(WHEELHOUSE)/ (docs/deployment.md)."

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis wheelhouse
