# Quick start:  make demo   (set up, then crawl the bundled demo site into SQLite and ./exports/)
#               make test   (set up, then run the whole test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup fonts demo test lint bench clean constraints

# Installs are pinned by constraints.txt (the versions the test suite last passed with), so a
# fresh machine gets what was tested; `make constraints` refreshes it.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# The install's log is kept, and printed only if it fails: an editable install always ends
	@# with setuptools' information-only notice about same-named folders in the working directory.
	@# Real packaging warnings fail tests/test_packaging.py.
	$(BIN)/pip install -q -c constraints.txt -e '.[test]' > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	touch $@

setup: $(BIN)/.installed

# A CJK font, so notebook figures show Chinese (idempotent; needs apt or dnf and root/sudo).
fonts:
	sh deploy/install-fonts.sh

demo: setup
	$(BIN)/winnow demo

# Lint, format and type checks (seconds); the configuration is in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The checks first, then the suite on every core (pytest-xdist; a test file's tests stay on one
# worker, so its module fixtures are built once), the slowest 20 tests listed at the end.
test: setup fonts lint
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=20

bench: setup
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/cluster_bench.py --quick

# Re-resolve every dependency (newest allowed by pyproject.toml) in a scratch venv and pin the
# result; then run `make test` and commit constraints.txt if it passes.
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/pip install -q --upgrade pip
	.venv-constraints/bin/pip install -q -e '.[test]'
	{ echo "# Pinned by 'make constraints' from pyproject.toml ([test] extra, which includes [notebooks])."; \
	  echo "# make setup installs with -c constraints.txt. Python $$(.venv-constraints/bin/python -c 'import platform; print(platform.python_version())')."; \
	  .venv-constraints/bin/pip freeze --exclude-editable | grep -iv '^winnow-contentfarm'; } > constraints.txt
	rm -rf .venv-constraints

clean:
	rm -rf $(VENV) exports winnow.db .pytest_cache
