# The two commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast fuzz images clean seed lock benchmark-catalogue benchmark-streams benchmark-renditions

# Every package pinned and hashed (generated from pyproject.toml by `make lock`): a changed or substituted
# download fails the install instead of running.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-find-links --no-emit-index-url

## After changing the dependencies in pyproject.toml: regenerate requirements.txt (the images) and
## requirements-dev.txt (make run and make test), each fully pinned with hashes
lock: $(STAMP)
	$(LOCK) --output-file=requirements.txt pyproject.toml
	$(LOCK) --extra=dev --output-file=requirements-dev.txt pyproject.toml

## Run the whole system on the embedded dev database (data kept in .data/); Ctrl-C stops it.
run: $(STAMP)
	$(BIN)/python -m devstack

## Run every test: the player's queue logic under Node, service, integration, browser and deployment checks,
## in TEST_WORKERS parallel processes (pytest-xdist; each has its own database server, stacks and ports).
## Most tests wait on services and the browser more than they compute, so there are more than the 2 cores.
TEST_WORKERS ?= 3
PARALLEL := -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

test: $(STAMP)
	$(BIN)/ruff check .
	scripts/ensure_debian_package.sh node nodejs "the player's queue tests"
	node --test tests/js/*.test.mjs
	scripts/ensure_debian_package.sh chromium chromium "the browser tests"
	$(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

## Everything but the browser tests (the Node tests of the player's queue included).
test-fast: $(STAMP)
	$(BIN)/ruff check .
	scripts/ensure_debian_package.sh node nodejs "the player's queue tests"
	node --test tests/js/*.test.mjs
	$(BIN)/python -m pytest $(PARALLEL) -m "not browser" $(PYTEST_ARGS)

## Fuzz every route of the four services: 2,000 generated requests per test, 14,000 in all (the Subsonic API too); any 5xx fails
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
