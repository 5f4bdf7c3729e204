#!/usr/bin/env bash
# Sync through remote targets, in one run of `parley-remote-bench`: real servers on 127.0.0.1 from the main package's
# test support (OpenSSH's sshd for SFTP, WsgiDAV and Apache mod_dav for WebDAV, SeaweedFS for S3) beside a local
# folder, and beside Debian's `rclone` uploading the same files to the same servers: one new message synced between
# two devices (p50/p90), a bulk export's throughput, the requests of a run with nothing new (counted at a proxy in
# front of each HTTP server and by the run's report, for 2 and 5 devices), and the peak memory of a process
# exporting a large history to S3. Prints the tables and writes them as the "## Remote sync targets" section of
# results.md (replacing the previous one).
#   QUICK=1               smaller sizes: a 10k export, 100k for the peak memory, 10 rounds
#   HISTORY=10000         messages both devices hold before the one-message rounds
#   ROUNDS=30             timed one-message rounds per target (after 3 warm-up rounds)
#   BULK_MESSAGES=100000  messages of the bulk export to each target
#   MEMORY_MESSAGES=1000000  messages of the export whose peak memory is read (0 skips it)
#   BENCH_DIR=path        where the scratch folder goes (default: the system temp folder)
#   SCRATCH_PATH=path     build folder for `swift build` (default: this package's .build)
# Needs the servers of `make test-deps` (run it in the root package: .venv-test with WsgiDAV and weed, apache2-bin,
# openssh-server) and rclone (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
started_at=$SECONDS
# The command as given, settings included, for results.md.
invocation="$(for v in QUICK HISTORY ROUNDS BULK_MESSAGES MEMORY_MESSAGES BENCH_DIR; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./remote-sync-bench.sh"
quick=0
case "${QUICK:-0}" in 0 | "") ;; *) quick=1 ;; esac
if [ "$quick" = 1 ]; then
    ROUNDS="${ROUNDS:-10}" BULK_MESSAGES="${BULK_MESSAGES:-10000}" MEMORY_MESSAGES="${MEMORY_MESSAGES:-100000}"
else
    ROUNDS="${ROUNDS:-30}" BULK_MESSAGES="${BULK_MESSAGES:-100000}" MEMORY_MESSAGES="${MEMORY_MESSAGES:-1000000}"
fi
HISTORY="${HISTORY:-10000}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"

say() { printf '\n== %s\n' "$*" >&2; }

# --- rclone, from Debian -------------------------------------------------------------------------------------------
if ! command -v rclone >/dev/null; then
    say "installing rclone"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq rclone
fi

# --- Build ---------------------------------------------------------------------------------------------------------
build_folder="$(pwd)/.build"
scratch=()
if [ -n "${SCRATCH_PATH:-}" ]; then
    build_folder="$SCRATCH_PATH"
    scratch=(--scratch-path "$SCRATCH_PATH")
fi
say "building parley-remote-bench (release)"
"$SWIFT" build -c release --product parley-remote-bench "${scratch[@]}"
BENCH="$build_folder/release/parley-remote-bench"

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
# The benchmark runs in a process group of its own (job control on for its start), so that if it dies or this script
# is stopped, the servers it started (its children: sshd, WsgiDAV, Apache, weed, the proxies) are stopped with it,
# by that group's id; a run that ends normally has stopped them itself.
work="$(mktemp -d "$BENCH_DIR/parley-remote-bench.XXXXXX")"
bench_pid=""
cleanup() {
    if [ -n "$bench_pid" ] && kill -0 -- "-$bench_pid" 2>/dev/null; then
        kill -TERM -- "-$bench_pid" 2>/dev/null || true
        sleep 2
        kill -KILL -- "-$bench_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The run -------------------------------------------------------------------------------------------------------
say "parley-remote-bench: $ROUNDS rounds at $HISTORY messages, a $BULK_MESSAGES-message export, peak memory at" \
    "$MEMORY_MESSAGES"
set -m
"$BENCH" --history "$HISTORY" --rounds "$ROUNDS" --bulk-messages "$BULK_MESSAGES" \
    --memory-messages "$MEMORY_MESSAGES" --workspace "$work/workspace" >"$work/table.md" &
bench_pid=$!
set +m
status=0
wait "$bench_pid" || status=$?
[ "$status" = 0 ] || exit "$status"

# --- The section ---------------------------------------------------------------------------------------------------
cpus="$(nproc)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
# Which Parley was measured: the commit, and whether the root package had uncommitted changes (read-only git).
built="commit $(git -C .. --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C .. --no-optional-locks diff --quiet HEAD -- Sources migrations Package.swift 2>/dev/null ||
    built="$built plus uncommitted changes to the root package"
section="$(
    cat <<EOT
## Remote sync targets

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $cpus CPUs ($cpu_model),
$((SECONDS - started_at)) s in all (the build, the servers' start and the untimed seeding included):
\`parley-remote-bench\` (release, Parley at $built) syncing through real servers on 127.0.0.1, in one
process (the peak-memory exports in child processes of it), beside \`$(command -v rclone)\` ($(rclone version 2>/dev/null | head -1)) uploading the same files to them.

$(cat "$work/table.md")
EOT
)"

echo
echo "$section"
# Replace the "## Remote sync targets" section (up to the next "## " heading) or add it at the end.
kept=""
[ -f results.md ] && kept="$(awk '/^## Remote sync targets/ {skip = 1; next} skip && /^## / {skip = 0} !skip' results.md)"
{
    [ -n "$kept" ] && printf '%s\n\n' "$kept"
    echo "$section"
} >"$work/results.md"
cp "$work/results.md" results.md
