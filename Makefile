# PolicyAtlas: `make run` builds the atlas from the bundled data and serves it; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: run test build serve install lock clean data bench bench-large bench-venv messages

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

# The bundled data package (data/atlas) from the curated files (data/curated); run after editing them.
data: $(STAMP)
	$(BIN)/python scripts/bundle_data.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Re-pin every dependency (run after editing pyproject.toml's dependencies).
lock: $(BIN)/python
	$(BIN)/python -m pip install -q uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock

# The portal's translations: the .po catalogues in src/policyatlas/web/locale are the source of truth (read at
# start, no compile step needed to run). This extracts every interface string from the code and templates
# (babel.cfg), merges them into each catalogue (new strings untranslated, none guessed as fuzzy, gone ones dropped),
# and compiles each into build/ to check it and print its statistics. Then translate the empty msgstr entries.
MESSAGE_KEYWORDS := -k t -k say -k N_ -k ngettext:1,2 -k Column:2 -k field:2
LOCALE_DIR := src/policyatlas/web/locale

messages: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg $(MESSAGE_KEYWORDS) --no-location --sort-output -w 120 \
		--project PolicyAtlas -o build/messages.pot src/policyatlas
	$(BIN)/pybabel update -i build/messages.pot -d $(LOCALE_DIR) --no-fuzzy-matching --ignore-obsolete -w 120
	for po in $(LOCALE_DIR)/*/LC_MESSAGES/messages.po; do \
		lang=$$(basename $$(dirname $$(dirname $$po))); \
		$(BIN)/pybabel compile --statistics -l $$lang -i $$po -o build/messages-$$lang.mo || exit 1; \
	done

# Benchmarks (bench/, docs/performance.md): their own venv for Datasette, py-spy and ripgrep.
BENCH_VENV := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BENCH_VENV)/bin/uv pip install -q --python $(BENCH_VENV)/bin/python --only-binary ripgrep -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench-venv: $(BENCH_STAMP)

# 1x and 10x against Datasette, raw FTS5 and ripgrep; results in bench/results/, table in docs/performance.md.
bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m bench.run --scales 1,10
	$(BIN)/python -m bench.table

# The same with 100x added (a 1 GB corpus; budget the time).
bench-large: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m bench.run --scales 1,10,100
	$(BIN)/python -m bench.table

clean:
	rm -rf $(VENV) var
