# Two commands for a fresh machine with Python 3.11, make and bash:
#   make run    set up and start the dashboard on the bundled demo data
#   make test   set up, lint (ruff) and run every test (installs Debian's chromium for the browser tests)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# Boundary files for the map: tests and CI read the shared copies; users' machines download them.
SHARED_GEO := $(abspath ../shared/geo)

.PHONY: run serve test lint setup setup-test demo report bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test
	bash scripts/install-browser.sh
	bash scripts/install-serve.sh

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# Several replicas behind nginx (cookie-sticky) with Redis as the shared store (docs/deploy.md).
REPLICAS ?= 2
serve: setup
	bash scripts/install-serve.sh
	PYTHON=$(BIN)/python bash scripts/serve.sh $(REPLICAS) $(PORT)

lint: setup-test
	$(BIN)/ruff check .

test: setup-test lint
	DASHBOARD_GEO_DIR=$${DASHBOARD_GEO_DIR:-$(SHARED_GEO)} $(BIN)/python -m pytest -q

report: setup
	$(BIN)/python -m dashboard report --source demo --format text

demo: setup
	$(BIN)/python -m dashboard.demo --out data/demo --seed 42 --scale 1

bench: setup-test
	$(BIN)/python benchmarks/core.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
