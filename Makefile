# Quick start:  make demo   (set up, then crawl the bundled demo site into SQLite and ./exports/)
#               make test   (set up, then run the whole test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup fonts demo test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
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

clean:
	rm -rf $(VENV) exports winnow.db .pytest_cache
