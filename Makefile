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

.PHONY: generate test check bench bench-scale test-corpus venv clean

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
	$(BIN)/python benchmarks/bench_apidiff.py

# The peer of `make bench-scale`: mypy-boto3-builder, which needs Python 3.12 (python3.12 on
# PATH, else a pyenv one; or say PYTHON312=...), in its own environment, from its own lock.
PYTHON312 ?= $(firstword $(shell python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12))
PEER_VENV := .bench/mypy-boto3-builder
PEER_READY := $(PEER_VENV)/.ready
# Options of benchmarks/bench_scale.py, e.g. BENCH_SCALE="--all --json scale.json".
BENCH_SCALE ?=

$(PEER_READY): requirements/bench-scale-peer.txt
	@$(if $(PYTHON312),,echo "bench-scale: Python 3.12 not found; install it or set PYTHON312=/path/to/python3.12" >&2; exit 1)
	@$(PYTHON312) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' || { echo "bench-scale: PYTHON312=$(PYTHON312) is not Python 3.12" >&2; exit 1; }
	@test -x $(PEER_VENV)/bin/python || $(PYTHON312) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip --disable-pip-version-check --quiet install -r requirements/bench-scale-peer.txt
	@touch $@

bench-scale: $(READY) $(PEER_READY)
	$(BIN)/python benchmarks/bench_scale.py $(BENCH_SCALE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .hypothesis $(NODE_DIR)/node_modules

# The whole-corpus check: every service of the pinned botocore generated and checked (slow).
test-corpus: $(READY)
	$(BIN)/python -m tests.corpus.run
