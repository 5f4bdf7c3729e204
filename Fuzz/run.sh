#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of this package, runs each one for FUZZ_SECONDS on a scratch copy of
# its corpus, and prints a line per target: seconds run, executions per second, corpus entries, and what it found.
# Exits 1 when any target crashed, hung, ran out of memory or failed to run.
#
#   FUZZ_SECONDS=600       how long each target runs (default 60)
#   FUZZ_TARGETS="FuzzSSE FuzzSearchQuery"   a subset (default: all six)
#   FUZZ_JOBS=1            targets run at once (default 2)
#   FUZZ_SCRATCH=dir       where the grown corpora, artifacts and logs go (default: a new folder under $TMPDIR,
#                          kept when something was found); the committed Corpus/ is only read
#   FUZZ_MERGE=1           merge what each run found back into Corpus/<Target> (libFuzzer -merge=1, so only inputs
#                          that add coverage are kept); off by default so a run leaves the tree as it was
#   FUZZ_DETECT_LEAKS=1    LeakSanitizer after inputs whose allocations outlive them (off by default: it reports
#                          Swift's lazily initialised globals and costs a heap scan, a third of the speed)
#   FUZZ_ARGS="..."        more libFuzzer flags for every target, e.g. "-max_len=65536 -jobs=2"
#   SKIP_BUILD=1           use the binaries already in .build/debug
#
# One target for longer, by hand (see README.md):
#   FUZZ_TARGETS=FuzzJSONRPC FUZZ_SECONDS=3600 ./run.sh
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"

ALL_TARGETS="FuzzJSONRPC FuzzSyncSegment FuzzRemoteListing FuzzSSE FuzzSearchQuery FuzzConfigFile"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
JOBS="${FUZZ_JOBS:-2}"
DETECT_LEAKS="${FUZZ_DETECT_LEAKS:-0}"

# `-sanitize=fuzzer,address` is split in two here: the command line instruments every module (ASan and the coverage
# `-sanitize=fuzzer` implies) and Package.swift links libFuzzer into the fuzz executables alone, because Parley's
# build-tool plugin is an executable too, and linked with libFuzzer it fails to link (see Package.swift).
BUILD_FLAGS=(
    -c debug
    -Xswiftc -sanitize=address
    -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,pc-table,inline-8bit-counters
    -Xswiftc -enable-testing
)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    # ASan also instruments the migration embedder the build runs; leaks it reports at exit are not ours.
    ASAN_OPTIONS=detect_leaks=0 "$SWIFT" build "${BUILD_FLAGS[@]}"
fi
BIN="$("$SWIFT" build "${BUILD_FLAGS[@]}" --show-bin-path)"

SCRATCH="${FUZZ_SCRATCH:-$(mktemp -d "${TMPDIR:-/tmp}/parley-fuzz.XXXXXX")}"
mkdir -p "$SCRATCH"
# The targets' own scratch stores go to memory when it can: SQLite's checkpoints fsync, and on a disk that is most
# of the time an input takes.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    WORK_ROOT="$(mktemp -d /dev/shm/parley-fuzz.XXXXXX)"
else
    WORK_ROOT="$SCRATCH/work"
    mkdir -p "$WORK_ROOT"
fi
trap 'rm -rf "$WORK_ROOT"' EXIT

run_target() {
    local target="$1" dir="$SCRATCH/$1"
    rm -rf "$dir/corpus" "$dir/artifacts" "$WORK_ROOT/$target"
    mkdir -p "$dir/corpus" "$dir/artifacts" "$WORK_ROOT/$target"
    local status=0 started dictionary=()
    # Tokens the inputs are made of (JSON keys, method names, FTS5 operators, numbers at the edges of Int64),
    # which libFuzzer splices in: it rarely types a 19-digit number or a method name by mutation alone.
    [ -f "Dictionaries/$target.dict" ] && dictionary=(-dict="Dictionaries/$target.dict")
    started="$(date +%s)"
    # The Swift runtime's own backtracer would catch the crash before libFuzzer does, and then no artifact is
    # written; libFuzzer prints a symbolised stack itself.
    # Without detect_leaks=0 in ASAN_OPTIONS, LeakSanitizer still scans at exit even when libFuzzer's -detect_leaks
    # is off, and reports the same Swift globals as leaks.
    TMPDIR="$WORK_ROOT/$target" SWIFT_BACKTRACE=enable=no \
        ASAN_OPTIONS="detect_leaks=$DETECT_LEAKS${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        "$BIN/$target" "$dir/corpus" "Corpus/$target" -max_total_time="$SECONDS_EACH" -timeout=10 \
        -rss_limit_mb=2048 -detect_leaks="$DETECT_LEAKS" -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
        "${dictionary[@]}" ${FUZZ_ARGS:-} >"$dir/log" 2>&1 || status=$?
    echo "$status" >"$dir/status"
    echo "$(($(date +%s) - started))" >"$dir/seconds"
    rm -rf "$WORK_ROOT/$target"
}

running=0
for target in $TARGETS; do
    if [ ! -x "$BIN/$target" ]; then
        echo "no such fuzz target: $target (known: $ALL_TARGETS)" >&2
        exit 2
    fi
    if [ "$running" -ge "$JOBS" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    echo "fuzzing $target for ${SECONDS_EACH}s (log: $SCRATCH/$target/log)"
    run_target "$target" &
    running=$((running + 1))
done
wait || true

failed=0
printf '\n%-16s %8s %10s %8s  %s\n' target seconds exec/s corpus result
for target in $TARGETS; do
    dir="$SCRATCH/$target"
    status="$(cat "$dir/status" 2>/dev/null || echo '?')"
    seconds="$(cat "$dir/seconds" 2>/dev/null || true)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$dir/log" | tail -1)"
    [ -n "$rate" ] || rate="$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' "$dir/log" | tail -1)"
    # libFuzzer's own count (the committed seeds and what this run added), from its last status line.
    entries="$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$dir/log" | tail -1)"
    artifacts="$(find "$dir/artifacts" -type f | sort)"
    if [ -n "$artifacts" ] || [ "$status" != 0 ]; then
        failed=1
        result="FOUND (exit $status):"
        for artifact in $artifacts; do result="$result $artifact"; done
        [ -n "$artifacts" ] || result="$result see $dir/log"
    else
        result="nothing"
    fi
    printf '%-16s %8s %10s %8s  %s\n' "$target" "${seconds:-?}" "${rate:-?}" "${entries:-?}" "$result"
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
        TMPDIR="$WORK_ROOT" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
            "$BIN/$target" -merge=1 -detect_leaks=0 "Corpus/$target" \
            "$dir/corpus" >"$dir/merge.log" 2>&1 || echo "  merging into Corpus/$target failed: $dir/merge.log"
    fi
done
if [ "$failed" = 1 ]; then
    echo
    echo "Findings are kept in $SCRATCH. Reproduce one with: $BIN/<Target> <artifact>"
    exit 1
fi
[ -n "${FUZZ_SCRATCH:-}" ] || rm -rf "$SCRATCH"
