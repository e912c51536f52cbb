# Granary: `make run` brings the local stack up, `make test` runs the whole suite.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

SWIFT ?= swift
PYTHON ?= python3
PYTEST_ARGS ?=

.PHONY: run stop status deps build test unit integration bench bench-scale bench-events

## Install missing packages, build release, start (or keep) the stack in .run/.
run: deps build
	scripts/stack.sh up

## Stop everything `make run` started (by pid); state in .run/ is kept.
stop:
	scripts/stack.sh down

status:
	scripts/stack.sh status

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

## Unit tests, then the integration suite against a private stack on free ports.
test: deps build
	$(SWIFT) test
	$(PYTHON) -m pytest -q Tests/Integration $(PYTEST_ARGS)

unit: deps
	$(SWIFT) test

## Integration suite only (needs the release binary: `make build`).
integration: deps
	$(PYTHON) -m pytest -q Tests/Integration $(PYTEST_ARGS)

## Load figures (bench/README.md); needs the release binary.
bench: deps build
	bash bench/run.sh

## The same requests at 1M versions next to a near-empty repository (bench/README.md, "Scale").
bench-scale: deps build
	bash bench/scale.sh

## Event delivery: commit → webhook latency and events per second (bench/README.md, "Events").
bench-events: deps build
	bash bench/events.sh
