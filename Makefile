# Quick start:  make demo   (set up, then crawl the bundled demo site into SQLite and ./exports/)
#               make test   (set up, then run the whole test suite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/winnow demo

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/cluster_bench.py --quick

clean:
	rm -rf $(VENV) exports winnow.db .pytest_cache
