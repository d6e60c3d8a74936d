# One front door for developer tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help install test lint format typecheck check bench docs screenshot validate serve clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/styrgraf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/styrgraf ## create .venv and install styrgraf with the development tools

test: install ## run the whole test suite
	bash tools/test-peers.sh
	$(BIN)/python -m pytest

lint: install ## ruff check and format check
	$(BIN)/ruff check service tests tools
	$(BIN)/ruff format --check service tests tools

format: install ## format the code with ruff
	$(BIN)/ruff check --fix service tests tools
	$(BIN)/ruff format service tests tools

typecheck: install ## mypy on the package
	$(BIN)/mypy

check: lint typecheck test ## everything CI checks

bench: install ## benchmark validation, loading, trace, coverage and admission control (tables)
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_store.py
	$(BIN)/python tools/bench_evaluation.py
	$(BIN)/python tools/bench_parsing.py
	$(BIN)/python tools/bench_snapshot.py
	$(BIN)/python tools/bench_queries.py
	$(BIN)/python tools/bench_query_size.py
	$(BIN)/python tools/bench_admission.py

docs: install ## regenerate docs/rules.md, docs/queries.md, docs/cli.md and docs/settings.md
	$(BIN)/python tools/rules_doc.py > docs/rules.md
	$(BIN)/python tools/queries_doc.py > docs/queries.md
	$(BIN)/python tools/cli_doc.py > docs/cli.md
	$(BIN)/python tools/settings_doc.py > docs/settings.md

screenshot: install ## take docs/screenshot.png, the README's picture of the goal tree (chromium)
	$(BIN)/python tools/screenshot.py

.PHONY: catalogues messages

catalogues: install ## compile the message catalogues (i18n/locale/*/LC_MESSAGES/styrgraf.po) to their .mo
	$(BIN)/pybabel compile

messages: install ## every message id the code and templates use, in build/styrgraf.pot (pybabel extract)
	@mkdir -p build
	$(BIN)/pybabel extract

validate: install ## validate the bundled Ljungby model
	$(BIN)/styrgraf validate

serve: install ## the main job: serve the bundled Ljungby model (http://127.0.0.1:8000/sparql)
	$(BIN)/styrgraf serve

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
