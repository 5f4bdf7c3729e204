# Sourced by the benchmark scripts that run `parley daemon` beside other servers: the parley binary they measure,
# stopping and waiting for the processes they start, the streaming benches' settings, and writing a section of
# results.md. Expects `SWIFT` and a `say` function.

# Sets PARLEY: $PARLEY_BIN when given, else the root package's release build, built now.
build_parley() {
    if [ -n "${PARLEY_BIN:-}" ]; then
        PARLEY="$PARLEY_BIN"
    else
        say "building parley (root package, release)"
        (cd .. && "$SWIFT" build -c release --product parley)
        PARLEY="$(cd .. && pwd)/.build/release/parley"
    fi
}

# Which parley was measured, for results.md: the binary given, or the commit, and whether the root package had
# uncommitted changes (read-only git).
measured_parley() {
    if [ -n "${PARLEY_BIN:-}" ]; then
        echo "\`$PARLEY_BIN\`"
        return
    fi
    local built
    built="commit $(git -C .. --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo unknown)"
    git -C .. --no-optional-locks diff --quiet HEAD -- Sources migrations Package.swift 2>/dev/null ||
        built="$built plus uncommitted changes to the root package"
    echo "$built"
}

stop_pid() { # pid: SIGTERM, wait up to 20 s, then SIGKILL
    local pid="$1"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

wait_for() { # description, seconds, pid, command…: runs the command every 0.1 s until it succeeds, while pid lives
    local what="$1" seconds="$2" pid="$3"
    shift 3
    for _ in $(seq $((seconds * 10))); do
        "$@" && return 0
        kill -0 "$pid" 2>/dev/null || { echo "$what exited" >&2; return 1; }
        sleep 0.1
    done
    echo "$what was not ready after $seconds s" >&2
    return 1
}

# The streamed-answer settings completion-bench.sh and gateway-bench.sh share, from the environment or their
# defaults (QUICK=1: fewer latency streams and shorter throughput windows).
stream_settings() {
    case "${QUICK:-0}" in
    0 | "") ROUNDS="${ROUNDS:-20}" DURATION="${DURATION:-10}" ;;
    *) ROUNDS="${ROUNDS:-6}" DURATION="${DURATION:-3}" ;;
    esac
    DELTAS="${DELTAS:-200}"
    GAP_US="${GAP_US:-5000}"
    STREAMS="${STREAMS:-16}"
    THROUGHPUT_DELTAS="${THROUGHPUT_DELTAS:-1000}"
    BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"
}

seeded_store() { # seed binary, messages: prints the path of a store parley-seed filled with that many messages,
    # cached in BENCH_DIR per size and migration text, so each size is seeded once for every benchmark that uses it
    local seed="$1" messages="$2" schema cache
    schema="$(cat ../migrations/*.sql | sha256sum | cut -c1-12)"
    cache="$BENCH_DIR/parley-daemon-store-$messages-$schema"
    if [ ! -f "$cache/parley.sqlite" ]; then
        printf '\n== seeding %s messages into %s (once; later runs reuse it)\n' "$messages" "$cache" >&2
        rm -rf "$cache.partial"
        mkdir -p "$cache.partial"
        "$seed" --database "$cache.partial/parley.sqlite" --messages "$messages" >&2
        rm -f "$cache.partial"/parley.sqlite-*
        mv "$cache.partial" "$cache"
    fi
    printf '%s\n' "$cache/parley.sqlite"
}

write_section() { # heading ("## Gateway"), text, scratch folder: replaces that section of results.md or adds it
    local heading="$1" text="$2" scratch="$3" kept=""
    [ -f results.md ] && kept="$(awk -v h="$heading" '$0 == h {skip = 1; next} skip && /^## / {skip = 0} !skip' results.md)"
    {
        [ -n "$kept" ] && printf '%s\n\n' "$kept"
        echo "$text"
    } >"$scratch/results.md"
    cp "$scratch/results.md" results.md
}
