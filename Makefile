# Parley's two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
APT_PACKAGES := libsqlite3-dev libcurl4-openssl-dev uuid-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps bench format lint clean

## Install the system libraries Parley links against, when any is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## Build in release mode and run the store check (the daemon arrives with the daemon issue).
run: deps
	$(SWIFT) build -c release --product parley
	./.build/release/parley doctor

build: deps
	$(SWIFT) build

## Every test: unit, migration, search, concurrency and CLI, after the formatting check.
test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks live in their own package so `make test` never builds them.
bench: deps
	cd Benchmarks && ./run.sh

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Plugins

## Fails when a file is not formatted as .swift-format says (`make format` fixes it).
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Plugins

clean:
	rm -rf .build Benchmarks/.build
