#!/usr/bin/env bash
# The OpenAI-compatible gateway beside LiteLLM's proxy, in one run on this machine: `parley-fake-deepseek` stands in
# for the DeepSeek API on 127.0.0.1, `parley daemon --http-listen` relays to it, LiteLLM's proxy (PyPI
# `litellm[proxy]`, no database, in .venv-bench) relays to it too, and `parley-stream-bench` reads the same answers
# with `curl` straight from the server, through the gateway and through LiteLLM. Prints a Markdown table and writes
# it as the "## Gateway" section of results.md.
#   QUICK=1             6 latency streams per path and 3 s throughput windows instead of 20 and 10
#   BENCH_DIR=path      where the scratch folder goes (default: the system temp folder)
#   ROUNDS=20  DELTAS=200  GAP_US=5000  STREAMS=16  THROUGHPUT_DELTAS=1000  DURATION=10   as completion-bench.sh
#   SKIP_LITELLM=1      measure the gateway beside the direct path only
#   PARLEY_BIN=path     a parley binary to run instead of building the root package's release one
# Needs curl and python3 (for the virtual environment LiteLLM is installed into when it is missing).
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
. ./common.sh
LITELLM_PACKAGE="litellm[proxy]==1.108.7"
started_at=$SECONDS
invocation="$(for v in QUICK BENCH_DIR ROUNDS DELTAS GAP_US STREAMS THROUGHPUT_DELTAS DURATION SKIP_LITELLM PARLEY_BIN; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./gateway-bench.sh"
stream_settings
with_litellm=1
[ "${SKIP_LITELLM:-0}" = 1 ] && with_litellm=0

say() { printf '\n== %s\n' "$*" >&2; }

command -v curl >/dev/null || { echo "gateway-bench.sh needs curl" >&2; exit 1; }

# --- Builds and LiteLLM ---------------------------------------------------------------------------------------------
build_parley
say "building parley-stream-bench and parley-fake-deepseek"
"$SWIFT" build -c release --product parley-stream-bench
"$SWIFT" build -c release --product parley-fake-deepseek
BENCH="$(pwd)/.build/release/parley-stream-bench"
FAKE="$(pwd)/.build/release/parley-fake-deepseek"
if [ "$with_litellm" = 1 ] && ! .venv-bench/bin/python3 -c "import litellm.proxy" 2>/dev/null; then
    say "installing $LITELLM_PACKAGE into .venv-bench"
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -q "$LITELLM_PACKAGE"
fi

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
work="$(mktemp -d "$BENCH_DIR/parley-gateway-bench.XXXXXX")"
daemon_pid="" server_pid="" litellm_pid=""
cleanup() {
    stop_pid "$litellm_pid"
    stop_pid "$daemon_pid"
    stop_pid "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The fake server, the daemon and LiteLLM pointed at it ---------------------------------------------------------
say "starting parley-fake-deepseek on 127.0.0.1"
"$FAKE" >"$work/server.url" 2>"$work/server.log" &
server_pid=$!
wait_for "the fake server" 10 "$server_pid" test -s "$work/server.url" || { cat "$work/server.log" >&2; exit 1; }
base_url="$(head -1 "$work/server.url")"

say "starting parley daemon --http-listen 127.0.0.1:0 with DEEPSEEK_BASE_URL=$base_url"
mkdir -m 700 "$work/home"
socket="$work/run/parley.sock"
# NO_PROXY: libcurl in the daemon must reach 127.0.0.1 itself, whatever proxy the environment names.
env -u PARLEY_CONFIG -u PARLEY_HTTP_LISTEN PARLEY_HOME="$work/home" PARLEY_SOCKET="$socket" \
    DEEPSEEK_BASE_URL="$base_url" DEEPSEEK_BETA_URL="$base_url/beta" DEEPSEEK_API_KEY=sk-bench NO_PROXY=127.0.0.1 \
    no_proxy=127.0.0.1 "$PARLEY" daemon --http-listen 127.0.0.1:0 2>"$work/daemon.log" &
daemon_pid=$!
wait_for "the daemon" 60 "$daemon_pid" grep -q "listening on 127.0.0.1:" "$work/daemon.log" || {
    cat "$work/daemon.log" >&2
    exit 1
}
gateway_port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/daemon.log" | head -1)"
token="$(PARLEY_SOCKET="$socket" "$PARLEY" token create bench --json |
    sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || { echo "no gateway token was issued" >&2; exit 1; }

litellm_args=()
if [ "$with_litellm" = 1 ]; then
    litellm_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    cat >"$work/litellm.yaml" <<YAML
model_list:
  - model_name: deepseek-v4-flash
    litellm_params:
      model: openai/deepseek-v4-flash
      api_base: "$base_url"
      api_key: sk-bench
YAML
    say "starting LiteLLM's proxy on 127.0.0.1:$litellm_port"
    LITELLM_MASTER_KEY=sk-litellm-bench LITELLM_LOG=ERROR NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 \
        .venv-bench/bin/litellm --config "$work/litellm.yaml" --host 127.0.0.1 --port "$litellm_port" \
        --num_workers 1 >"$work/litellm.log" 2>&1 &
    litellm_pid=$!
    wait_for "LiteLLM's proxy" 120 "$litellm_pid" \
        curl -sf -o /dev/null "http://127.0.0.1:$litellm_port/health/liveliness" || { cat "$work/litellm.log" >&2; exit 1; }
    litellm_args=(--litellm "http://127.0.0.1:$litellm_port/v1" --litellm-key sk-litellm-bench --litellm-pid "$litellm_pid")
fi

# --- The run --------------------------------------------------------------------------------------------------------
say "parley-stream-bench: $ROUNDS × $DELTAS deltas ${GAP_US} µs apart, then $STREAMS × $THROUGHPUT_DELTAS for $DURATION s"
status=0
"$BENCH" --gateway "http://127.0.0.1:$gateway_port/v1" --gateway-token "$token" --gateway-pid "$daemon_pid" \
    --base-url "$base_url" --rounds "$ROUNDS" --deltas "$DELTAS" --gap-us "$GAP_US" --streams "$STREAMS" \
    --throughput-deltas "$THROUGHPUT_DELTAS" --duration "$DURATION" --server-pid "$server_pid" \
    "${litellm_args[@]}" >"$work/table.md" || status=$?
if ! kill -0 "$daemon_pid" 2>/dev/null; then
    kept="$BENCH_DIR/parley-gateway-crash-$(date +%Y%m%d-%H%M%S).log"
    cp "$work/daemon.log" "$kept"
    echo "the daemon died during the run; its log is $kept" >&2
    exit 1
fi
[ "$status" = 0 ] || { echo "parley-stream-bench exited $status" >&2; exit "$status"; }
conversations="$(PARLEY_SOCKET="$socket" "$PARLEY" ls --json --limit 500 | grep -o '"id"' | wc -l)"

# --- The section ---------------------------------------------------------------------------------------------------
cpus="$(nproc)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
curl_version="$(curl --version | head -1 | cut -d' ' -f2)"
gap_ms="$(awk -v g="$GAP_US" 'BEGIN {printf "%g", g / 1000}')"
built="$(measured_parley)"
litellm_line="LiteLLM's proxy was not run (SKIP_LITELLM=1)."
[ "$with_litellm" = 1 ] && litellm_line="LiteLLM's proxy is $LITELLM_PACKAGE from PyPI (one worker, no database, its master
key as the bearer token), configured with the fake server as an \`openai/\` model's \`api_base\`."
section="$(
    cat <<EOF
## Gateway

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $cpus CPUs ($cpu_model),
$((SECONDS - started_at)) s in all: curl $curl_version streaming the same answers of \`parley-fake-deepseek\` (a
stand-in for the DeepSeek API on 127.0.0.1) straight from it, through \`parley daemon --http-listen\` (release,
$built) and through LiteLLM's proxy. $litellm_line

$(cat "$work/table.md")

1. Every path is one \`curl -sN\` process per stream posting the same body (a user message asking for the
   answer's shape, \`stream_options.include_usage\`), so the three differ only in the relay. Through the gateway
   each stream's prompt is unique, so each is a frontend's first turn: a token checked, a new conversation and its
   user message stored before the request goes on, the answer and its usage stored after (the store held
   $conversations conversations at the end).
2. Time to first delta: from just before \`posix_spawnp\` of \`curl\` to reading the first delta's \`data:\` line,
   the same process start and new TCP connection on every path. Per-delta latency: each delta's content is the
   server's \`CLOCK_MONOTONIC\` just before it wrote it; latency is the reader's \`CLOCK_MONOTONIC\` when the read
   that completed its line returned, less that. $ROUNDS streams per path of $DELTAS deltas ${gap_ms} ms apart, one
   stream at a time, the paths taken in turn. "Added" is the relay's percentile less the direct one's.
3. Throughput: $STREAMS concurrent streams per path of $THROUGHPUT_DELTAS deltas the server sends without a gap,
   $DURATION s per path in two windows (direct, gateway, LiteLLM, then back), each stream slot starting its next
   stream as soon as the last ended. CPU of the relay is the daemon's or LiteLLM's process, from /proc.
4. The fake server, the relays, the \`curl\` processes and the measuring client share the machine's $cpus CPUs;
   compare the columns of one run, not runs on different days.
EOF
)"

echo
echo "$section"
write_section "## Gateway" "$section" "$work"
