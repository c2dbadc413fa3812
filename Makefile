# Two commands do all the set-up on a fresh clone: `make generate` and `make test`.
# Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: `make generate` needs only the runtime dependencies, `make test` the
# test tools too (requirements/dev.lock). A stamp is redone when its inputs change.
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
LOCK := requirements/dev.lock

.PHONY: generate check lint test bench goldens lock clean

$(RUNTIME): pyproject.toml $(LOCK) requirements/uv.txt tools/install
	PYTHON=$(PYTHON) VENV=$(VENV) tools/install runtime
	touch $@

# The dev install holds the runtime one, so a fresh `make test` also serves `make generate`.
$(DEV): pyproject.toml $(LOCK) requirements/uv.txt tools/install
	PYTHON=$(PYTHON) VENV=$(VENV) tools/install dev
	touch $@ $(RUNTIME)

generate: $(RUNTIME)
	$(BIN)/docenv generate

check: $(RUNTIME)
	$(BIN)/docenv check

lint: $(RUNTIME)
	$(BIN)/docenv lint

test: $(DEV)
	$(BIN)/docenv check --full
	$(BIN)/black --check --quiet generated/
	$(BIN)/mypy --strict generator generated/neosync_config generated/neosync_settings
	@# The pinned TypeScript compiler for tests/test_typescript.py (which skips, saying so, without node/npm).
	if command -v npm >/dev/null 2>&1; then cd tests/typescript && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the TypeScript tests will be skipped"; fi
	$(BIN)/python -m pytest -q

# Benchmarks against datamodel-code-generator and pydantic-settings (installed only here), the Go loader
# against a hand-written one and viper, and the TypeScript loader against a hand-written process.env loop
# and zod (npm install --no-save, a temp folder).
bench: $(DEV)
	PYTHON=$(PYTHON) VENV=$(VENV) tools/install bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/typescript.py

# Rewrite the golden files under tests/golden after a reviewed change.
goldens: $(DEV)
	$(BIN)/python -m tests.update_goldens

# Refresh the dev tools' versions (after changing dependencies in pyproject.toml), then commit it.
lock: $(RUNTIME)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/uv.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --upgrade \
	  --custom-compile-command "make lock" -o $(LOCK)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache
