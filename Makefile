# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint bench demo clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(APP_STAMP)

# On this computer only (127.0.0.1). SHARE=1 also serves other devices on the network, behind a token.
PORT ?= 8501
run: $(APP_STAMP)
	$(PY) -m ui.server --port $(PORT) $(if $(SHARE),--share)

test: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n auto --dist loadfile

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Times the dashboard (DuckDB against pandas, page reruns), measures question grouping (quality on the
# labelled sets, speed) and writes bench/results.md; the generated
# demo databases are kept in bench/cache/ for the next run.
bench: $(TEST_STAMP)
	$(PY) -m bench

demo: $(APP_STAMP)
	$(PY) -m debrief demo --interviews 200 --seed 7 --db $${DEBRIEF_DB:-data/debriefs.duckdb}

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
