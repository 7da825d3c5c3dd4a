# The two commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast fuzz images clean seed benchmark-catalogue benchmark-streams benchmark-renditions

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Run the whole system on the embedded dev database (data kept in .data/); Ctrl-C stops it.
run: $(STAMP)
	$(BIN)/python -m devstack

## Run every test: service, integration, browser and deployment checks.
test: $(STAMP)
	$(BIN)/ruff check .
	scripts/ensure_chromium.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Everything but the browser tests.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

## Fuzz every route of the four services: 2,000 generated requests per test, 12,000 in all; any 5xx fails
fuzz: $(STAMP)
	FUZZ_EXPLORE=1 FUZZ_EXAMPLES=$(or $(EXAMPLES),2000) $(BIN)/python -m pytest tests/fuzz -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache

## Build the four service images and push them with a mirror of mongo:7: make images [REGISTRY=localhost:5000] [TAG=0.1.0]
images:
	REGISTRY="$(or $(REGISTRY),localhost:5000)" TAG="$(or $(TAG),0.1.0)" scripts/build_and_push_images.sh

## Load a synthetic catalogue into the database of `make run` (run it while that runs): make seed [SONGS=50000]
seed: $(STAMP)
	$(BIN)/python scripts/seed_catalogue.py --songs $(or $(SONGS),50000)

## Search and the browse pages at 10,000, 50,000 and 200,000 songs, on a stack of its own (about 20 minutes): make benchmark-catalogue [SONGS="50000"]
benchmark-catalogue: $(STAMP)
	$(BIN)/python scripts/benchmark_catalogue.py --songs $(or $(SONGS),10000 50000 200000)

## Simulated listeners streaming through the operator and straight to media_service, on a stack of its own
## (about 8 minutes): make benchmark-streams [LISTENERS=100,500,1000]
benchmark-streams: $(STAMP)
	$(BIN)/python scripts/benchmark_streams.py --listeners $(or $(LISTENERS),100,500,1000)

## What renditions cost (CPU seconds and MB per minute of audio) and whether making one disturbs 300
## listeners (about 5 minutes): make benchmark-renditions
benchmark-renditions: $(STAMP)
	$(BIN)/python scripts/benchmark_renditions.py
