#!/usr/bin/env bash
# Import and export, in one run of `parley-exchange-bench` steps, each its own process so its peak memory is its
# own: a generated ChatGPT export of 100k messages imported with `Importer` beside `store.imports.write` storing
# the same conversations already parsed (the anchor); a ~1 GiB export imported with its peak memory; and a
# 1M-message store exported to Parley JSON and to Markdown beside raw SQLite writing every message row as a
# line of JSON. Prints the tables and writes them as the "## Import and export" section of results.md.
#   QUICK=1               20k-message import, ~100 MiB large import, 100k-message store exported
#   IMPORT_MESSAGES=100000      messages of the export imported beside the anchor
#   LARGE_BYTES=1073741824      size of the large export whose import's peak memory is measured
#   EXPORT_MESSAGES=1000000     messages of the exported store (seeded by parley-seed, cached like
#                               daemon-bench.sh's)
#   MESSAGES_PER_CONVERSATION=20  average length of the generated chats
#   ROUNDS=2              import and anchor runs, alternating; the table keeps the fastest of each
#   BENCH_DIR=path        where the scratch folder and the cached store go (default: the system temp folder;
#                         ~6 GB for a full run)
set -euo pipefail
cd "$(dirname "$0")"
SWIFT="${SWIFT:-swift}"
. ./common.sh
started_at=$SECONDS
# The command as given, settings included, for results.md.
invocation="$(for v in QUICK IMPORT_MESSAGES LARGE_BYTES EXPORT_MESSAGES MESSAGES_PER_CONVERSATION ROUNDS BENCH_DIR; do
    [ -z "${!v:-}" ] || printf '%s=%q ' "$v" "${!v}"
done)./exchange-bench.sh"
case "${QUICK:-0}" in
0 | "") IMPORT_MESSAGES="${IMPORT_MESSAGES:-100000}" LARGE_BYTES="${LARGE_BYTES:-1073741824}"
    EXPORT_MESSAGES="${EXPORT_MESSAGES:-1000000}" ;;
*) IMPORT_MESSAGES="${IMPORT_MESSAGES:-20000}" LARGE_BYTES="${LARGE_BYTES:-104857600}"
    EXPORT_MESSAGES="${EXPORT_MESSAGES:-100000}" ;;
esac
MESSAGES_PER_CONVERSATION="${MESSAGES_PER_CONVERSATION:-20}"
ROUNDS="${ROUNDS:-2}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"
RSS_TARGET_MIB=300

say() { printf '\n== %s\n' "$*" >&2; }

# --- Builds --------------------------------------------------------------------------------------------------------
say "building parley-exchange-bench and parley-seed (release)"
"$SWIFT" build -c release --product parley-exchange-bench
"$SWIFT" build -c release --product parley-seed
BENCH="$(pwd)/.build/release/parley-exchange-bench"
SEED="$(pwd)/.build/release/parley-seed"

# --- Scratch folder and cleanup ------------------------------------------------------------------------------------
work="$(mktemp -d "$BENCH_DIR/parley-exchange-bench.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { # name, parley-exchange-bench arguments…: runs one step as its own process and keeps its result line
    local name="$1"
    shift
    "$BENCH" "$@" >"$work/$name.out"
    cat "$work/$name.out" >&2
}
field() { # step name, key: one value of its result line
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $(cat "$work/$1.out")"
}
commas() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); while (sub(/[0-9][0-9][0-9][0-9](,|$)/, "&", s) && match(s, /[0-9][0-9][0-9][0-9](,|$)/)) s = substr(s, 1, RSTART) "," substr(s, RSTART + 1); print s }'; }
one() { awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
fastest() { # step name: keeps, as that step's result, its round with the highest rate
    local best="" round
    for round in $(seq "$ROUNDS"); do
        [ -n "$best" ] && awk -v a="$(field "$1-$round" rate)" -v b="$(field "$1-$best" rate)" 'BEGIN { exit !(a <= b) }' ||
            best="$round"
    done
    cp "$work/$1-$best.out" "$work/$1.out"
}
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == ">=" ? v >= t : v <= t; print ok ? "met" : "**missed**" }'; }

# --- Import beside the anchor --------------------------------------------------------------------------------------
say "import: generating a $IMPORT_MESSAGES-message ChatGPT export"
step generate generate --messages "$IMPORT_MESSAGES" --messages-per-conversation "$MESSAGES_PER_CONVERSATION" \
    --out "$work/conversations.json"
for round in $(seq "$ROUNDS"); do
    say "import, round $round of $ROUNDS: the anchor, store.imports.write of the same conversations already parsed"
    step "bulk-$round" bulk --messages "$IMPORT_MESSAGES" --messages-per-conversation "$MESSAGES_PER_CONVERSATION" \
        --database "$work/bulk-$round.sqlite"
    say "import, round $round of $ROUNDS: Importer reading the export"
    step "import-$round" import --file "$work/conversations.json" --database "$work/import-$round.sqlite"
    [ "$(field "import-$round" messages)" = "$(field "bulk-$round" messages)" ] &&
        [ "$(field "import-$round" skipped)" = 0 ] || {
        echo "the import stored $(field "import-$round" messages) messages and the anchor $(field "bulk-$round" messages)" >&2
        exit 1
    }
    rm -f "$work/bulk-$round".sqlite* "$work/import-$round".sqlite*
done
fastest bulk
fastest import

# --- The large import ----------------------------------------------------------------------------------------------
say "large import: generating a $(mib "$LARGE_BYTES") MiB ChatGPT export"
mkdir -p "$work/large"
step large-generate generate --bytes "$LARGE_BYTES" --messages-per-conversation "$MESSAGES_PER_CONVERSATION" \
    --out "$work/large/conversations.json"
say "large import: Importer reading it"
step large-import import --file "$work/large/conversations.json" --database "$work/large.sqlite"
rm -rf "$work/large" "$work"/large.sqlite*

# --- Export beside raw SQLite --------------------------------------------------------------------------------------
seeded="$(seeded_store "$SEED" "$EXPORT_MESSAGES")"
# A copy: opening a store may write to it, and the cache must stay as seeded.
cp "$seeded" "$work/store.sqlite"
say "export: Parley JSON"
step export-parley export --database "$work/store.sqlite" --format parley --out "$work/export.json"
rm -f "$work/export.json"
say "export: Markdown"
step export-markdown export --database "$work/store.sqlite" --format markdown --out "$work/markdown"
rm -rf "$work/markdown"
say "export: raw SQLite, every message row as a line of JSON"
step export-raw raw-export --database "$work/store.sqlite" --out "$work/export.jsonl"
rm -f "$work/export.jsonl"

# --- The tables ----------------------------------------------------------------------------------------------------
import_rate="$(field import rate)" bulk_rate="$(field bulk rate)"
import_ratio="$(awk -v a="$import_rate" -v b="$bulk_rate" 'BEGIN { print a / b }')"
large_rss="$(field large-import rss_mib)"
{
    echo "| measure | import | anchor | import ÷ anchor | target | verdict |"
    echo "| --- | --- | --- | --- | --- | --- |"
    echo "| $(commas "$IMPORT_MESSAGES")-message ChatGPT export, $(mib "$(field generate bytes)") MiB, $(commas "$(field generate conversations)") conversations (msg/s) | $(commas "$import_rate") | $(commas "$bulk_rate") | $(ratio "$import_rate" "$bulk_rate") | ≥ 0.50× anchor | $(verdict "$import_ratio" ">=" 0.5) |"
    echo "| … seconds | $(one "$(field import seconds)") | $(one "$(field bulk seconds)") | $(ratio "$(field import seconds)" "$(field bulk seconds)") | — |  |"
    echo "| … peak RSS (MiB) | $(one "$(field import rss_mib)") | $(one "$(field bulk rss_mib)") | — | — |  |"
    echo "| $(mib "$(field large-generate bytes)") MiB ChatGPT export, $(commas "$(field large-import messages)") messages (msg/s) | $(commas "$(field large-import rate)") | — | — | — |  |"
    echo "| … peak RSS (MiB) | $(one "$large_rss") | — | — | ≤ $RSS_TARGET_MIB MiB | $(verdict "$large_rss" "<=" "$RSS_TARGET_MIB") |"
    echo "| … of it anonymous (heap, stacks), peak (MiB) | $(one "$(field large-import anon_mib)") | — | — | — |  |"
    echo "| … of it file-backed (the database's memory map, binaries), peak (MiB) | $(one "$(field large-import file_mib)") | — | — | — |  |"
    echo
    echo "| export of $(commas "$EXPORT_MESSAGES") messages | messages | msg/s | ÷ raw SQLite | seconds | output (MiB) | files | peak RSS (MiB) | anonymous / file-backed (MiB) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for side in parley:"Parley JSON" markdown:"Markdown" raw:"raw SQLite, JSON lines (anchor)"; do
        name="export-${side%%:*}"
        echo "| ${side#*:} | $(commas "$(field "$name" messages)") | $(commas "$(field "$name" rate)") | $(ratio "$(field "$name" rate)" "$(field export-raw rate)") | $(one "$(field "$name" seconds)") | $(mib "$(field "$name" bytes)") | $(commas "$(field "$name" files)") | $(one "$(field "$name" rss_mib)") | $(one "$(field "$name" anon_mib)") / $(one "$(field "$name" file_mib)") |"
    done
} >"$work/table.md"

# --- The section ---------------------------------------------------------------------------------------------------
cpus="$(nproc)"
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
sqlite_version="$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo unknown)"
section="$(
    cat <<EOF
## Import and export

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$invocation\` on $cpus CPUs ($cpu_model),
$((SECONDS - started_at)) s in all (the builds, the generated files and the seeding included):
\`parley-exchange-bench\` (release, Parley at $(measured_parley)), each step in a process of its own.

$(cat "$work/table.md")

1. The exports are generated from a fixed seed in ChatGPT's \`conversations.json\` shape: a
   \`client-created-root\` node, a hidden system message, then chats of 2–$((2 * MESSAGES_PER_CONVERSATION - 2))
   messages (questions of 50–400 characters, answers of 100–1,600, some lists, code and non-ASCII text escaped
   as \`\\uXXXX\`), each message with ChatGPT's ~300-byte \`metadata\`; 10% of answers were regenerated and 3% of
   questions edited, so those chats branch. The large export holds as many such chats as reach its size.
2. Import: \`Importer(store:).run(ImportRequest(path:))\` on a new store, from the call to its summary: it
   recognises the format, checks the whole file's structure, then parses one conversation at a time on a thread of
   its own while the batches are stored. The anchor builds the same conversations from the same seed as
   \`ImportedConversation\`s before its clock starts, then times \`store.imports.write\` storing them in the
   importer's batches (4,000 messages or 500 conversations): the same rows, ids, change log and search index,
   without reading the file. Both stored the same number of messages (checked). They run $ROUNDS times each,
   alternating, each on a new store; the table keeps the fastest run of each.
3. Peak RSS is \`getrusage(RUSAGE_SELF).ru_maxrss\` of the step's process; the anonymous and file-backed peaks
   are \`RssAnon\` and \`RssFile\` of \`/proc/self/status\` sampled every 10 ms. The store maps up to 256 MiB of
   its database (\`mmap_size\`), and those pages count as resident once read.
4. Export: \`Exporter(store:).run(ExportRequest(path:format:))\` of a copy of the store \`parley-seed\` wrote
   (the corpus of \`parley-compare\`, linear chats), from the call to its summary. Parley JSON is one file of
   every entity state; Markdown is a file per conversation of its current branch. The anchor opens the same
   database read-only through SQLite's C API (system libsqlite3 $sqlite_version) and writes every \`message\`
   row, in conversation order, as SQLite's \`json_object\` of all its columns, one line each, through a 1 MiB
   buffer, synced at the end like the exporter's files.
5. Rates are messages per second (higher is better). Every step shares the machine's $cpus CPUs with whatever
   else runs; compare the columns of one run.
EOF
)"

echo
echo "$section"
write_section "## Import and export" "$section" "$work"
