#!/usr/bin/env bash
# `make bench`: Parley against raw SQLite in one process (the ratio table, also written to results.md), then the
# package-benchmark harness suite.
#   QUICK=1         smaller sizes (10k import, 100k search corpus) for a smoke run
#   SKIP_HARNESS=1  only the comparison table
#   BENCH_DIR=path  where the scratch databases go (default: the system temp folder; ~2 GB for a full run)
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"

"$SWIFT" build -c release --product parley-compare
./.build/release/parley-compare results.md

if [ "${SKIP_HARNESS:-0}" != 1 ]; then
    "$SWIFT" package --disable-sandbox benchmark --target ParleyBenchmarks
fi
