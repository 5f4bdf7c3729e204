#!/usr/bin/env bash
# Sync between two Parley databases through a local target folder, in one run of `parley-sync-bench`: device A's
# first sync run (the export of its whole history) and device B's (the import into an empty database) beside raw
# SQLite inserting the same rows, the size on the target, one new message synced into histories of 10k, 100k and
# 1M messages (median and p90 of each side), and an encrypted export and import beside unencrypted ones. Prints
# the tables and writes them as the "## Sync" section of results.md (replacing the previous one).
#   QUICK=1               100,000 messages (rounds at 10k and 100k) instead of 1,000,000
#   MESSAGES=1000000      messages exported and imported in bulk; rounds at each of 10k, 100k, 1M up to it
#   ROUNDS=20             one-message rounds per history size
#   ENCRYPTED_MESSAGES=100000  size of the encrypted export and import (at most MESSAGES)
#   BENCH_DIR=path        where the scratch folder goes (default: the system temp folder)
#   SCRATCH_PATH=path     build folder for `swift build` (default: this package's .build)
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
started_at=$SECONDS
# The command as given, settings included, for results.md.
invocation="$(for v in QUICK MESSAGES ROUNDS ENCRYPTED_MESSAGES BENCH_DIR; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./sync-bench.sh"
quick=0
case "${QUICK:-0}" in 0 | "") ;; *) quick=1 ;; esac
if [ "$quick" = 1 ]; then
    MESSAGES="${MESSAGES:-100000}"
else
    MESSAGES="${MESSAGES:-1000000}"
fi
ROUNDS="${ROUNDS:-20}"
ENCRYPTED_MESSAGES="${ENCRYPTED_MESSAGES:-100000}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"

say() { printf '\n== %s\n' "$*" >&2; }

# --- Build ---------------------------------------------------------------------------------------------------------
build_folder="$(pwd)/.build"
scratch=()
if [ -n "${SCRATCH_PATH:-}" ]; then
    build_folder="$SCRATCH_PATH"
    scratch=(--scratch-path "$SCRATCH_PATH")
fi
say "building parley-sync-bench (release)"
"$SWIFT" build -c release --product parley-sync-bench "${scratch[@]}"
BENCH="$build_folder/release/parley-sync-bench"

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
work="$(mktemp -d "$BENCH_DIR/parley-sync-bench.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The run -------------------------------------------------------------------------------------------------------
say "parley-sync-bench: $MESSAGES messages, $ROUNDS rounds per size, encryption at $ENCRYPTED_MESSAGES"
"$BENCH" --messages "$MESSAGES" --rounds "$ROUNDS" --encrypted-messages "$ENCRYPTED_MESSAGES" \
    --workspace "$work/workspace" >"$work/table.md"

# --- The section ---------------------------------------------------------------------------------------------------
cpus="$(nproc)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
# Which Parley was measured: the commit, and whether the root package had uncommitted changes (read-only git).
built="commit $(git -C .. --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C .. --no-optional-locks diff --quiet HEAD -- Sources migrations Package.swift 2>/dev/null ||
    built="$built plus uncommitted changes to the root package"
section="$(
    cat <<EOF
## Sync

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $cpus CPUs ($cpu_model),
$((SECONDS - started_at)) s in all (the build and the untimed seeding included): \`parley-sync-bench\` (release,
Parley at $built) syncing two databases through a target folder on the same disk, in one process.

$(cat "$work/table.md")
EOF
)"

echo
echo "$section"
# Replace the "## Sync" section (up to the next "## " heading) or add it at the end.
kept=""
[ -f results.md ] && kept="$(awk '/^## Sync/ {skip = 1; next} skip && /^## / {skip = 0} !skip' results.md)"
{
    [ -n "$kept" ] && printf '%s\n\n' "$kept"
    echo "$section"
} >"$work/results.md"
cp "$work/results.md" results.md
