# PolicyAtlas: `make run` builds the atlas from the bundled data and serves it; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: run test build serve install lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Front-end assets (world-atlas's country shapes…) from the npm registry, pinned by package-lock.json.
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules

$(STAMP): $(BIN)/python requirements.lock pyproject.toml node_modules
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/policyatlas build

serve: $(STAMP)
	$(BIN)/policyatlas serve

run: build serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Re-pin every dependency (run after editing pyproject.toml's dependencies).
lock: $(BIN)/python
	$(BIN)/python -m pip install -q uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var
