# Two commands do all the set-up on a fresh clone: `make generate` and `make test`.
# Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check lint test bench goldens clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/docenv generate

check: $(STAMP)
	$(BIN)/docenv check

lint: $(STAMP)
	$(BIN)/docenv lint

test: $(STAMP)
	$(BIN)/docenv check --full
	$(BIN)/black --check --quiet generated/
	$(BIN)/mypy --strict generator generated/neosync_config generated/neosync_settings
	@# The pinned TypeScript compiler for tests/test_typescript.py (which skips, saying so, without node/npm).
	if command -v npm >/dev/null 2>&1; then cd tests/typescript && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the TypeScript tests will be skipped"; fi
	$(BIN)/python -m pytest -q

# Benchmarks against datamodel-code-generator and pydantic-settings (installed only here), and the
# TypeScript loader against a hand-written process.env loop and zod (npm install --no-save, a temp folder).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/typescript.py

# Rewrite the golden files under tests/golden after a reviewed change.
goldens: $(STAMP)
	$(BIN)/python -m tests.update_goldens

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache
