# Quick start:  make demo   (set up, then crawl the bundled demo site into SQLite and ./exports/)
#               make test   (set up, then run the whole test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup fonts demo test bench clean constraints

# Installs are pinned by constraints.txt (the versions the test suite last passed with), so a
# fresh machine gets what was tested; `make constraints` refreshes it.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# A CJK font, so notebook figures show Chinese (idempotent; needs apt or dnf and root/sudo).
fonts:
	sh deploy/install-fonts.sh

demo: setup
	$(BIN)/winnow demo

test: setup fonts
	$(BIN)/python -m pytest

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
