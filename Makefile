# refarch: every target sets up what it needs. `make validate` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet --quiet

.PHONY: install system-packages validate site serve test test-fast lint format bench schema docs clean

install: system-packages $(STAMP)

system-packages:
	@scripts/ensure-system-packages
	@scripts/fetch-vendor

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements-dev.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

## Validate the shipped model and print its summary (the main output until the site exists).
validate: install
	$(BIN)/refarch validate architecture

## Validate the model and build the documentation site into site/ (works offline, from a folder too).
## ENGINE=zensical builds it with Zensical from the same mkdocs.yml (the pages written as files first).
ENGINE ?= mkdocs
site: install
	$(BIN)/refarch validate architecture -q
ifeq ($(ENGINE),mkdocs)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
else
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/refarch site build --engine $(ENGINE) -o site
endif

## Serve the site on 127.0.0.1:8000; edits to the YAML files rebuild it.
serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## Run the whole test suite.
test: install
	$(BIN)/python -m pytest -q

## Everything but the browser tests, whole-site builds and the command examples (about a minute): the loop while editing.
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not site and not examples"

## Lint (ruff), formatting (ruff format --check) and types (mypy on the package, by its import name refarch).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p $(VENV)/mypy-path && ln -sfn "$(CURDIR)/toolkit" $(VENV)/mypy-path/refarch
	MYPYPATH=$(VENV)/mypy-path $(BIN)/mypy -p refarch

## Format the code with ruff.
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Regenerate the editor schema from the metamodel (a test checks it is current).
schema: install
	$(BIN)/refarch schema -o architecture/refarch.schema.json
	cd examples/library && ../../$(BIN)/refarch schema -o architecture/refarch.schema.json

## Regenerate what the docs take from the code: the editor schema and the rule table of docs/validation.md.
docs: schema
	$(BIN)/python -m pytest -q tests/printers/test_rules_table.py --update-golden

## Benchmark validation of a 10,000-element synthetic model against plain YAML parsing.
bench: install
	$(BIN)/python tests/bench/run.py --elements 10000 --write docs/benchmarks.md

clean:
	rm -rf $(VENV) build site .refarch-cache *.egg-info
