#!/usr/bin/env bash
# Streamed completions through the daemon beside `curl` straight from the server, in one run on this machine:
# `parley-fake-deepseek` stands in for the DeepSeek API on 127.0.0.1, `parley daemon` is pointed at it, and
# `parley-stream-bench` reads the same answers through the daemon's socket and from `curl -sN`. Prints a Markdown
# table (direct curl, through daemon, added / ratio, target, verdict) and writes it as the "## Completions"
# section of results.md.
#   QUICK=1             6 latency streams per path and 3 s throughput windows instead of 20 and 10 (~30 s)
#   BENCH_DIR=path      where the scratch folder goes (default: the system temp folder)
#   ROUNDS=20           latency phase: streams per path, one at a time, the paths alternating
#   DELTAS=200          latency phase: deltas per stream;  GAP_US=5000  microseconds between them
#   STREAMS=16          throughput phase: concurrent streams per path
#   THROUGHPUT_DELTAS=1000  throughput phase: deltas per stream, sent without a gap
#   DURATION=10         throughput phase: measured seconds per path
#   PARLEY_BIN=path     a parley binary to run instead of building the root package's release one
# Needs curl.
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
. ./common.sh
started_at=$SECONDS
# The command as given, settings included, for results.md.
invocation="$(for v in QUICK BENCH_DIR ROUNDS DELTAS GAP_US STREAMS THROUGHPUT_DELTAS DURATION PARLEY_BIN; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./completion-bench.sh"
stream_settings

say() { printf '\n== %s\n' "$*" >&2; }

command -v curl >/dev/null || { echo "completion-bench.sh needs curl" >&2; exit 1; }

# --- Builds --------------------------------------------------------------------------------------------------------
build_parley
say "building parley-stream-bench and parley-fake-deepseek"
"$SWIFT" build -c release --product parley-stream-bench
"$SWIFT" build -c release --product parley-fake-deepseek
BENCH="$(pwd)/.build/release/parley-stream-bench"
FAKE="$(pwd)/.build/release/parley-fake-deepseek"

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
work="$(mktemp -d "$BENCH_DIR/parley-completion-bench.XXXXXX")"
daemon_pid="" server_pid=""
cleanup() {
    stop_pid "$daemon_pid"
    stop_pid "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The fake server, then the daemon pointed at it ----------------------------------------------------------------
say "starting parley-fake-deepseek on 127.0.0.1"
"$FAKE" >"$work/server.url" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
    [ -s "$work/server.url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "the fake server did not start" >&2; exit 1; }
    sleep 0.1
done
base_url="$(head -1 "$work/server.url")"
[ -n "$base_url" ] || { echo "the fake server printed no URL" >&2; exit 1; }

say "starting parley daemon with DEEPSEEK_BASE_URL=$base_url"
mkdir -m 700 "$work/home"
socket="$work/run/parley.sock"
# NO_PROXY: libcurl in the daemon must reach 127.0.0.1 itself, whatever proxy the environment names.
env -u PARLEY_CONFIG PARLEY_HOME="$work/home" PARLEY_SOCKET="$socket" DEEPSEEK_BASE_URL="$base_url" \
    DEEPSEEK_BETA_URL="$base_url/beta" DEEPSEEK_API_KEY=sk-bench NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 \
    "$PARLEY" daemon 2>"$work/daemon.log" &
daemon_pid=$!
for _ in $(seq 600); do
    grep -q "parley daemon ready" "$work/daemon.log" && break
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log" >&2; echo "the daemon did not start" >&2; exit 1; }
    sleep 0.1
done
grep -q "parley daemon ready" "$work/daemon.log" || { echo "the daemon was not ready after 60 s" >&2; exit 1; }

# --- The run: parley-stream-bench pings the daemon, then measures both paths ----------------------------------------
say "parley-stream-bench: $ROUNDS × $DELTAS deltas ${GAP_US} µs apart, then $STREAMS × $THROUGHPUT_DELTAS for $DURATION s"
status=0
"$BENCH" --socket "$socket" --base-url "$base_url" --rounds "$ROUNDS" --deltas "$DELTAS" --gap-us "$GAP_US" \
    --streams "$STREAMS" --throughput-deltas "$THROUGHPUT_DELTAS" --duration "$DURATION" \
    --server-pid "$server_pid" >"$work/table.md" || status=$?
if ! kill -0 "$daemon_pid" 2>/dev/null; then
    kept="$BENCH_DIR/parley-completion-crash-$(date +%Y%m%d-%H%M%S).log"
    cp "$work/daemon.log" "$kept"
    echo "the daemon died during the run; its log is $kept" >&2
    exit 1
fi
[ "$status" = 0 ] || { echo "parley-stream-bench exited $status" >&2; exit "$status"; }
stop_pid "$daemon_pid"
daemon_pid=""
stop_pid "$server_pid"
server_pid=""

# --- The section ---------------------------------------------------------------------------------------------------
cpus="$(nproc)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
curl_version="$(curl --version | head -1 | cut -d' ' -f2)"
gap_ms="$(awk -v g="$GAP_US" 'BEGIN {printf "%g", g / 1000}')"
# Which daemon was measured: the commit, and whether the root package had uncommitted changes (read-only git).
built="$(measured_parley)"
section="$(
    cat <<EOF
## Completions

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $cpus CPUs ($cpu_model),
$((SECONDS - started_at)) s in all: \`parley daemon\` (release, $built) relaying streamed answers from
\`parley-fake-deepseek\` (a stand-in for the DeepSeek API on 127.0.0.1) to \`parley-stream-bench\` over its Unix
socket, beside curl $curl_version streaming the same answers straight from the same server.

$(cat "$work/table.md")

1. Per-delta latency: $ROUNDS streams per path of $DELTAS deltas ${gap_ms} ms apart, one stream at a time, the
   paths alternating stream by stream (after one untimed stream each). Each delta's content is the server's
   \`CLOCK_MONOTONIC\` just before it wrote the delta (\`t=<ns>\`); its latency is \`parley-stream-bench\`'s
   \`CLOCK_MONOTONIC\` when the read that completed its line returned, less that. Through the daemon: libcurl in
   the daemon, SSE parsing, a \`chat.delta\` notification, the Unix socket; direct: \`curl -sN\`, its stdout pipe.
   "Added" is the daemon's percentile less curl's, not a percentile of differences.
2. Time to first delta, through the daemon: from writing the \`chat.complete\` line (after an untimed
   \`conversation.create\` and \`message.append\`: a fresh one-message conversation per stream) to reading the first
   \`chat.delta\`; it includes reading the branch from the store and the POST on a kept-alive libcurl connection.
   Direct: from just before \`posix_spawnp\` of \`curl\` to reading its first \`data:\` line, so it includes
   starting the process and a new TCP connection, and the first row flatters the daemon. The second row sets the
   daemon beside curl's own \`time_starttransfer\` (from curl's start of the transfer, a new connection included, to
   the first response byte, which the server sends with the first delta), without the process start and the pipe.
   "Until the server sent" is the first delta's stamp less the request time: the part before the server answers.
3. Throughput: $STREAMS concurrent streams per path for $DURATION s per path, in two windows each in the order
   daemon, curl, curl, daemon, so load from elsewhere falls on both; each stream slot starts its next stream as
   soon as the last one ended. Answers of $THROUGHPUT_DELTAS deltas that the server sends without a gap, each delta
   written and flushed on its own and the next once that write completed, so the reader sets the pace. Through the
   daemon each stream is \`conversation.create\`, \`message.append\` and \`chat.complete\` on one of $STREAMS
   connections, and the daemon stores every answer with its usage; direct, each is one \`curl\` process. Deltas
   count when read inside a window, streams when they completed inside it (a stream cut by a window's end counts
   its deltas only). The daemon's $STREAMS connections serve both of its windows, so a relay that slows down as a
   connection is used shows as a lower second window. CPU is over the windows, in cores of $cpus: the daemon from
   /proc, the \`curl\` processes reaped in the window (\`RUSAGE_CHILDREN\`), the fake server (SwiftNIO, one event
   loop per CPU) and \`parley-stream-bench\` itself.
4. The fake server, the daemon, \`curl\` and the measuring client share the machine's $cpus CPUs; compare the two
   columns of one run, not runs on different days.
EOF
)"

echo
echo "$section"
# Replace the "## Completions" section (up to the next "## " heading) or add it at the end.
write_section "## Completions" "$section" "$work"
