# shapegen: `make generate` then `make test`. The virtual environment is created (or
# brought up to date) from requirements/lock.txt whenever it or pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# The JSON Schema tests run ajv, json-schema-to-typescript and tsc, pinned by tests/node/package-lock.json.
NODE_DIR := tests/node
NODE_READY := $(NODE_DIR)/node_modules/.ready

.PHONY: generate test check bench test-corpus venv clean

venv: $(READY)

$(READY): pyproject.toml requirements/lock.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/lock.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_READY): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund
	@touch $@

generate: $(READY)
	$(BIN)/shapegen generate

test: $(READY) $(NODE_READY)
	$(BIN)/python -m pytest

check: $(READY)
	$(BIN)/shapegen check

bench: $(READY)
	$(BIN)/python benchmarks/bench_models.py
	$(BIN)/python benchmarks/bench_generate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis $(NODE_DIR)/node_modules

# The whole-corpus check: every service of the pinned botocore generated and checked (slow).
test-corpus: $(READY)
	$(BIN)/python -m tests.corpus.run
