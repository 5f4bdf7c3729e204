#!/usr/bin/env bash
# `make bench`: Parley against raw SQLite in one process (the ratio table, also written to results.md), the daemon
# beside Redis (daemon-bench.sh, its table added to results.md), streamed completions through the daemon beside
# curl (completion-bench.sh, its table added too), sync between two databases beside raw SQLite (sync-bench.sh,
# its tables added too), sync through SFTP, WebDAV and S3 servers beside rclone (remote-sync-bench.sh, its tables
# added too), the OpenAI-compatible gateway beside LiteLLM's proxy (gateway-bench.sh, its table added too), ChatGPT
# imports and Parley JSON and Markdown exports beside the store's bulk insert and raw SQLite (exchange-bench.sh,
# its tables added too), then the package-benchmark harness suite.
#   QUICK=1         smaller sizes (10k import, 100k search corpus, 100k-message daemon store, shorter streaming
#                   runs, 100k-message sync, a 10k remote export, 20k-message and ~100 MiB ChatGPT imports, a
#                   100k-message export) for a smoke run
#   SKIP_DAEMON=1   skip the daemon benchmark
#   SKIP_COMPLETIONS=1  skip the completion-streaming benchmark
#   SKIP_SYNC=1     skip the sync benchmark
#   SKIP_REMOTE=1   skip the remote-target sync benchmark (it needs the servers of the root package's
#                   `make test-deps`)
#   SKIP_GATEWAY=1  skip the gateway benchmark beside LiteLLM's proxy (gateway-bench.sh)
#   SKIP_EXCHANGE=1 skip the import and export benchmark (exchange-bench.sh)
#   SKIP_HARNESS=1  skip the harness suite
#   BENCH_DIR=path  where the scratch databases go (default: the system temp folder; ~6 GB for a full run)
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"

"$SWIFT" build -c release --product parley-compare
./.build/release/parley-compare results.md

if [ "${SKIP_DAEMON:-0}" != 1 ]; then
    ./daemon-bench.sh
fi

if [ "${SKIP_COMPLETIONS:-0}" != 1 ]; then
    ./completion-bench.sh
fi

if [ "${SKIP_SYNC:-0}" != 1 ]; then
    ./sync-bench.sh
fi

if [ "${SKIP_REMOTE:-0}" != 1 ]; then
    ./remote-sync-bench.sh
fi

if [ "${SKIP_GATEWAY:-0}" != 1 ]; then
    ./gateway-bench.sh
fi

if [ "${SKIP_EXCHANGE:-0}" != 1 ]; then
    ./exchange-bench.sh
fi

if [ "${SKIP_HARNESS:-0}" != 1 ]; then
    "$SWIFT" package --disable-sandbox benchmark --target ParleyBenchmarks
fi
