#!/usr/bin/env bash
# The daemon beside Redis, in one run on this machine: `parley-load` against `parley daemon` and
# `redis-benchmark` against `redis-server`, both on Unix sockets, same connections, depth and payload. Prints a
# Markdown table (Parley, Redis, ratio, target, verdict) and writes it as the "## Daemon" section of results.md.
#   QUICK=1          3 s runs and a 100k-message store instead of 1M (a smoke run, ~3 minutes)
#   BENCH_DIR=path   scratch folder and seeded-store cache (default: the system temp folder; ~1 GB per 1M store,
#                    twice while a run copies it)
#   CONNECTIONS=16   connections on both sides;  DEPTH=16  the pipelined depth beside depth 1
#   DURATION=10      measured seconds per parley-load run (after 1 s of warm-up)
#   VALUE_BYTES=3    message content / SET value bytes on both sides (redis-benchmark's -d default)
#   MESSAGES=n       messages in the store the daemon serves (default 1000000, quick 100000)
#   PARLEY_BIN=path  a parley binary to run instead of building the root package's release one
# Needs redis-server and redis-tools (installed with apt-get when missing) and the root package's release build.
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
. ./common.sh
# The command as given, settings included, for results.md.
invocation="$(for v in QUICK BENCH_DIR CONNECTIONS DEPTH DURATION VALUE_BYTES MESSAGES PARLEY_BIN; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./daemon-bench.sh"
quick=0
case "${QUICK:-0}" in 0 | "") ;; *) quick=1 ;; esac
CONNECTIONS="${CONNECTIONS:-16}"
DEPTH="${DEPTH:-16}"
VALUE_BYTES="${VALUE_BYTES:-3}"
if [ "$quick" = 1 ]; then
    DURATION="${DURATION:-3}" MESSAGES="${MESSAGES:-100000}"
    redis_n=100000 redis_n_deep=500000 redis_n_single=100000 redis_n_fsync=30000
else
    DURATION="${DURATION:-10}" MESSAGES="${MESSAGES:-1000000}"
    redis_n=400000 redis_n_deep=2000000 redis_n_single=300000 redis_n_fsync=100000
fi
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"

say() { printf '\n== %s\n' "$*" >&2; }

# --- Redis, from Debian --------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    say "installing redis-server redis-tools"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools
fi

# --- Builds --------------------------------------------------------------------------------------------------------
build_parley
say "building parley-load and parley-seed"
"$SWIFT" build -c release --product parley-load
"$SWIFT" build -c release --product parley-seed
LOAD="$(pwd)/.build/release/parley-load"
SEED="$(pwd)/.build/release/parley-seed"

# --- The seeded store, cached per size and migration text ----------------------------------------------------------
seeded="$(seeded_store "$SEED" "$MESSAGES")"

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
work="$(mktemp -d "$BENCH_DIR/parley-daemon-bench.XXXXXX")"
daemon_pid="" redis_pid=""
cleanup() {
    stop_pid "$daemon_pid"
    stop_pid "$redis_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Redis: start a server, run redis-benchmark --------------------------------------------------------------------
redis_sock="$work/redis/redis.sock"
start_redis() { # extra redis-server arguments
    stop_pid "$redis_pid"
    rm -rf "$work/redis" && mkdir -m 700 "$work/redis"
    redis-server --port 0 --unixsocket "$redis_sock" --unixsocketperm 700 --save '' --daemonize no \
        --dir "$work/redis" --logfile "$work/redis/redis.log" "$@" &
    redis_pid=$!
    for _ in $(seq 100); do
        [ "$(redis-cli -s "$redis_sock" ping 2>/dev/null)" = PONG ] && return 0
        sleep 0.1
    done
    echo "redis-server did not start:" >&2 && cat "$work/redis/redis.log" >&2 && exit 1
}
declare -A rps p50 p99 p999 errs dcpu ccpu spread note
# redis_run KEY clients pipeline requests tests: one redis-benchmark run; rows land in rps[KEY.TEST] etc.
redis_run() {
    local key="$1" clients="$2" depth="$3" requests="$4" tests="$5" csv test
    csv="$(redis-benchmark -s "$redis_sock" -c "$clients" -P "$depth" -n "$requests" -d "$VALUE_BYTES" -r 100000 \
        -t "$tests" --csv --precision 3)"
    echo "redis-benchmark -c $clients -P $depth -n $requests -d $VALUE_BYTES -r 100000 -t $tests" >&2
    echo "$csv" >&2
    while IFS=, read -r test rest; do
        test="${test//\"/}"
        [ "$test" = test ] && continue
        IFS=, read -r r _avg _min q50 _q95 q99 _max <<<"${rest//\"/}"
        rps[$key.$test]="$r" p50[$key.$test]="$q50" p99[$key.$test]="$q99"
    done <<<"$csv"
}


# --- Parley: the store, the daemon, parley-load --------------------------------------------------------------------
say "copying the $MESSAGES-message store"
mkdir -m 700 "$work/home"
cp "$seeded" "$work/home/parley.sqlite"
parley_sock="$work/run/parley.sock"
starts=0 crashes=0 crash_logs="" crash_reason=""
start_daemon() {
    starts=$((starts + 1))
    rm -rf "$work/run"
    local log="$work/daemon-$starts.log" began
    began="$(date +%s.%N)"
    PARLEY_HOME="$work/home" PARLEY_SOCKET="$parley_sock" "$PARLEY" daemon 2>"$log" &
    daemon_pid=$!
    for _ in $(seq 1200); do
        grep -q "parley daemon ready" "$log" && break
        kill -0 "$daemon_pid" 2>/dev/null || { cat "$log" >&2; echo "the daemon did not start" >&2; exit 1; }
        sleep 0.1
    done
    grep -q "parley daemon ready" "$log" || { echo "the daemon was not ready after 120 s" >&2; exit 1; }
    startup_s="$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
}
rss_kib() { awk -v f="$1" '$1 == f":" {print $2}' "/proc/$daemon_pid/status"; }
# Resident kB of the daemon's memory maps of the database file (SQLite's mmap_size window, one per connection).
mapped_db_kib() {
    awk -v db="$work/home/parley.sqlite" '/^[0-9a-f]+-[0-9a-f]+ / {m = ($6 == db)} m && /^Rss:/ {t += $2}
        END {print t + 0}' "/proc/$daemon_pid/smaps"
}
json_field() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1" | tr -d '"'; }
# parley_run KEY method connections depth: one parley-load run; restarts the daemon if it died
parley_run() {
    local key="$1" method="$2" clients="$3" depth="$4" out status=0
    echo "parley-load --method $method --connections $clients --pipeline $depth --duration $DURATION" >&2
    out="$("$LOAD" --socket "$parley_sock" --method "$method" --connections "$clients" --pipeline "$depth" \
        --duration "$DURATION" --value-bytes "$VALUE_BYTES" --json)" || status=$?
    echo "$out" >&2
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
        wait "$daemon_pid" 2>/dev/null || true
        crashes=$((crashes + 1))
        local kept
        kept="$BENCH_DIR/parley-daemon-crash-$(date +%Y%m%d-%H%M%S)-$method-$clients-$depth.log"
        cp "$work/daemon-$starts.log" "$kept"
        crash_logs="$crash_logs $kept"
        note[$key]="daemon crashed"
        [ -n "$crash_reason" ] ||
            crash_reason="$(grep -m1 -E "Fatal error|escaped|crashed:|error:" "$kept" | cut -c1-200 || true)"
        say "the daemon died during $method $clients×$depth ($crash_reason); its log is $kept; restarting it"
        start_daemon
        return 0
    fi
    [ "$status" = 0 ] || note[$key]="parley-load exited $status"
    rps[$key]="$(json_field "$out" requests_per_second)"
    p50[$key]="$(json_field "$out" p50_us)" p99[$key]="$(json_field "$out" p99_us)"
    p999[$key]="$(json_field "$out" p999_us)" errs[$key]="$(json_field "$out" errors)"
    ccpu[$key]="$(json_field "$out" client_cpu_cores)" dcpu[$key]="$(json_field "$out" daemon_cpu_cores)"
    spread[$key]="$(json_field "$out" connection_least)–$(json_field "$out" connection_most)"
}

# --- The runs: each Parley run right after the Redis run it is compared with ---------------------------------------
redis_version="$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
say "redis-server $redis_version without persistence, and parley daemon on $MESSAGES stored messages"
start_redis --appendonly no
start_daemon
first_startup_s="$startup_s"
sleep 3
idle_rss="$(rss_kib VmRSS)" idle_anon="$(rss_kib RssAnon)" idle_file="$(rss_kib RssFile)" idle_db="$(mapped_db_kib)"
echo "idle: VmRSS $idle_rss kB (anon $idle_anon, file $idle_file, database maps $idle_db); ready after $startup_s s" >&2
say "single client"
redis_run c1 1 1 "$redis_n_single" get,ping_mbulk
parley_run c1.ping ping 1 1
parley_run c1.get get 1 1
say "$CONNECTIONS connections"
redis_run shallow "$CONNECTIONS" 1 "$redis_n" set,get
parley_run shallow.get get "$CONNECTIONS" 1
say "$CONNECTIONS connections × pipeline $DEPTH"
redis_run deep "$CONNECTIONS" "$DEPTH" "$redis_n_deep" set,get
parley_run deep.get get "$CONNECTIONS" "$DEPTH"
redis_rss_kib="$(awk '/^VmRSS/ {print $2}' "/proc/$redis_pid/status")"
load_rss="$(rss_kib VmRSS)" load_anon="$(rss_kib RssAnon)" load_file="$(rss_kib RssFile)" load_db="$(mapped_db_kib)"
say "appends"
parley_run c1.append append 1 1
parley_run c1deep.append append 1 "$DEPTH"
parley_run shallow.append append "$CONNECTIONS" 1
parley_run deep.append append "$CONNECTIONS" "$DEPTH"
end_rss="$(rss_kib VmRSS)"
stop_pid "$daemon_pid"
daemon_pid=""
say "redis-server with appendonly yes, appendfsync always (fsync before each reply)"
start_redis --appendonly yes --appendfsync always
redis_run always "$CONNECTIONS" 1 "$redis_n_fsync" set
redis_run alwaysdeep "$CONNECTIONS" "$DEPTH" "$redis_n_fsync" set
say "redis-server with appendonly yes, appendfsync no (written before each reply, not synced)"
start_redis --appendonly yes --appendfsync no
redis_run written "$CONNECTIONS" 1 "$redis_n" set
redis_run writtendeep "$CONNECTIONS" "$DEPTH" "$redis_n_deep" set
stop_pid "$redis_pid"
redis_pid=""

# --- The table -----------------------------------------------------------------------------------------------------
calc() { awk "BEGIN {print $*}"; }
grouped() { # a number with thousands separators, rounded to integer
    awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r;
        s = substr(s, 1, length(s) - 3) } print s r }'
}
ms() { [ -n "$1" ] && awk -v v="$1" -v d="${2:-1}" 'BEGIN {printf "%.3f", v / d}' || echo "—"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}' || echo "—"; }
# verdict value op limit (op: ge or le)
verdict() {
    [ -n "$1" ] || { echo "not measured"; return; }
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == "ge") ? v >= l : v <= l; print ok ? "met" : "**missed**" }'
}
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
throughput_row() { # label parleyKey redisKey target-ratio (empty: no target)
    local label="$1" p="${rps[$2]:-}" r="${rps[$3]:-}" target="$4" v="" tgt="—"
    [ -n "$target" ] && tgt="≥ ${target}× Redis"
    if [ -z "$p" ]; then
        v="**${note[$2]:-not measured}**"
    elif [ -n "$target" ]; then
        v="$(verdict "$(calc "$p / $r")" ge "$target")"
    fi
    row "$label" "$([ -n "$p" ] && grouped "$p" || echo "—")" "$(grouped "$r")" "$(ratio "$p" "$r")" "$tgt" "$v"
}
latency_row() { # label parleyKey(µs) redisKey(ms) target-ms field
    local label="$1" field="${5:-p99}" p r v="" tgt="—"
    local -n pmap="$field"
    p="${pmap[$2]:-}" r="${pmap[$3]:-}"
    [ -n "$p" ] && p="$(calc "$p / 1000")"
    if [ -n "$4" ]; then
        tgt="< $4 ms"
        v="$([ -n "$p" ] && verdict "$p" le "$4" || echo "**${note[$2]:-not measured}**")"
    fi
    row "$label" "$(ms "$p")" "$(ms "$r")" "$(ratio "$p" "$r")" "$tgt" "$v"
}
c="$CONNECTIONS"
throughput_row "message.get vs GET, $c connections (req/s)" shallow.get shallow.GET 0.5
throughput_row "message.get vs GET, $c connections × pipeline $DEPTH (req/s)" deep.get deep.GET 0.5
throughput_row "message.append vs SET, $c connections (req/s)" shallow.append shallow.SET 0.25
throughput_row "message.append vs SET, $c connections × pipeline $DEPTH (req/s)" deep.append deep.SET 0.25
throughput_row "message.append vs SET with AOF fsync always, $c connections (req/s)" shallow.append always.SET ""
throughput_row "message.append vs SET with AOF fsync always, $c × $DEPTH (req/s)" deep.append alwaysdeep.SET ""
throughput_row "message.append vs SET with AOF, no fsync, $c connections (req/s)" shallow.append written.SET ""
throughput_row "message.append vs SET with AOF, no fsync, $c × $DEPTH (req/s)" deep.append writtendeep.SET ""
latency_row "message.get p50, $c connections (ms)" shallow.get shallow.GET "" p50
latency_row "message.get p99, $c connections (ms)" shallow.get shallow.GET 2
latency_row "message.append p50, $c connections (ms)" shallow.append shallow.SET "" p50
latency_row "message.append p99, $c connections (ms)" shallow.append shallow.SET 2
latency_row "message.get p99, $c × $DEPTH (ms)" deep.get deep.GET ""
latency_row "message.append p99, $c × $DEPTH (ms)" deep.append deep.SET ""
single() { # label parleyKey redisKey
    local p="${p50[$2]:-}" r="${p50[$3]:-}" v
    [ -n "$p" ] && p="$(calc "$p / 1000")"
    v="$([ -n "$p" ] && verdict "$(calc "$p / $r")" le 2 || echo "**${note[$2]:-not measured}**")"
    row "$1" "$(ms "$p")" "$(ms "$r")" "$(ratio "$p" "$r")" "≤ 2× Redis" "$v"
}
single "single client round trip p50, system.ping vs PING (ms)" c1.ping c1.PING_MBULK
single "single client round trip p50, message.get vs GET (ms)" c1.get c1.GET
row "daemon resident memory idle, $(grouped "$MESSAGES") messages stored (MiB)" "$(mib "$idle_rss")" \
    "$(mib "$redis_rss_kib")" "—" "< 64 MiB" "$(verdict "$(calc "$idle_rss / 1024")" le 64)"
row "… of it anonymous (heap, stacks) (MiB)" "$(mib "$idle_anon")" "—" "—" "—" ""
row "… of it the memory-mapped database file (MiB)" "$(mib "$idle_db")" "—" "—" "—" ""
row "daemon resident memory after the get runs (MiB)" "$(mib "$load_rss")" "—" "—" "—" ""
row "daemon resident memory after the append runs (MiB)" "$([ -n "$end_rss" ] && mib "$end_rss" || echo "—")" \
    "—" "—" "—" ""

runs=()
for key in c1.ping c1.get shallow.get deep.get c1.append c1deep.append shallow.append deep.append; do
    IFS=. read -r shape method <<<"$key"
    case "$shape" in
        c1) shape="1 × 1" ;; c1deep) shape="1 × $DEPTH" ;; shallow) shape="$c × 1" ;; deep) shape="$c × $DEPTH" ;;
    esac
    if [ -n "${rps[$key]:-}" ]; then
        runs+=("| $method | $shape | $(grouped "${rps[$key]}") | $(ms "${p50[$key]}" 1000) | $(ms "${p99[$key]}" 1000) \
| $(ms "${p999[$key]}" 1000) | ${errs[$key]} | ${spread[$key]} | ${dcpu[$key]} | ${ccpu[$key]} | ${note[$key]:-} |")
    else
        runs+=("| $method | $shape | — | — | — | — | — | — | — | — | ${note[$key]:-not measured} |")
    fi
done

cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
# Which daemon was measured: the commit, and whether the root package had uncommitted changes (read-only git).
built="$(measured_parley)"
section="$(
    cat <<EOF
## Daemon

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $(nproc) CPUs ($cpu_model):
\`parley daemon\` (release, $built) serving a $(grouped "$MESSAGES")-message store, driven by \`parley-load\`,
beside redis-server $redis_version driven by \`redis-benchmark\`, both over Unix sockets, $VALUE_BYTES-byte values.

| measure | Parley | Redis | Parley ÷ Redis | target | verdict |
| --- | --- | --- | --- | --- | --- |
$(printf '%s\n' "${rows[@]}")

Every parley-load run (${DURATION} s measured after 1 s of warm-up; latencies in ms; requests answered on the
least and the most served connection; CPU in cores busy over the measured window, of $(nproc)):

| method | connections × depth | req/s | p50 | p99 | p99.9 | errors | per connection | daemon CPU | load CPU | note |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(printf '%s\n' "${runs[@]}")

1. Redis: \`redis-server --port 0 --unixsocket … --save ''\`, first with \`--appendonly no\` (the GET and SET columns),
   then \`--appendonly yes --appendfsync always\` (fsync before each reply: stronger than Parley, whose WAL with
   \`synchronous=NORMAL\` survives a crash of the process but may lose the last commits to a power loss), then
   \`--appendonly yes --appendfsync no\` (written to the file before each reply, not synced: Parley's durability).
   \`redis-benchmark -s … -c $c -P {1,$DEPTH} -d $VALUE_BYTES -r 100000 -t set,get --csv\` with -n $(grouped "$redis_n")
   (pipelined $(grouped "$redis_n_deep"), fsync always $(grouped "$redis_n_fsync")), and \`-c 1 -P 1 -t get,ping_mbulk\`
   (-n $(grouped "$redis_n_single")) for the single-client rows. Redis's memory is its idle RSS with ~100k small keys.
2. Parley: \`parley-load --connections N --pipeline D --method get|append|ping --value-bytes $VALUE_BYTES\`: one thread
   and one blocking socket per connection, each keeping D requests outstanding; a request's latency runs from its
   write to its reply line, and every reply is checked to be the result (not an error) of the expected id. \`get\`
   fetches random ones of 10,000 messages it appended before the run; \`append\` writes to one conversation per
   connection. Memory is VmRSS of the daemon 3 s after it was ready ($first_startup_s s after start, an integrity check
   of the whole file included): $(mib "$idle_anon") MiB anonymous + $(mib "$idle_file") MiB file-backed, of which
   $(mib "$idle_db") MiB are pages of the database file in SQLite's memory maps (\`mmap_size\` 256 MiB per
   connection; clean page-cache pages the kernel can drop, but counted in RSS). After the get runs: $(mib "$load_anon")
   MiB anonymous + $(mib "$load_file") MiB file-backed ($(mib "$load_db") MiB of database maps).
3. Both servers, both load generators and everything else on the machine share its $(nproc) CPUs, so the client's
   own CPU (load CPU) is taken from the server; redis-benchmark is one thread, parley-load one per connection.
   Each Parley run follows right after the Redis run it is compared with, so load from elsewhere hits both alike.
EOF
)"
if [ "$crashes" -gt 0 ]; then
    section="$section
4. The daemon crashed $crashes time(s) during these runs and was restarted for the next run; the first reason
   logged: \`$crash_reason\`; the logs:$crash_logs"
fi

echo
echo "$section"
# Replace the "## Daemon" section (up to the next "## " heading) or add it at the end.
write_section "## Daemon" "$section" "$work"
