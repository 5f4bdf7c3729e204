import BenchmarkCorpus
import Foundation

/// `parley-compare [results.md]`: times Parley and raw SQLite doing the same work in this one process and
/// prints the comparison as a Markdown table (also written to the given file).
let settings = CompareSettings.fromEnvironment()
let workspace = Workspace(root: settings.workspace)
let vocabulary = Vocabulary()

/// Runs every comparison and collects their rows.
func compare() async throws -> ResultTable {
    var table = ResultTable(title: "Parley vs raw SQLite (same process, same data)")
    progress("append: \(settings.appendCount) messages, one per transaction, on each side")
    let appends = AppendComparison(settings: settings, vocabulary: vocabulary, workspace: workspace)
    let sameIndex = try await appends.run(against: .sameTokens)
    table.rate(
        "append, 1 message/transaction, raw with the same index (msg/s)", parley: sameIndex.parley,
        raw: sameIndex.raw, atLeast: 0.67)
    let floor = try await appends.run(against: .porter)
    table.rate(
        "append, 1 message/transaction, raw porter unicode61 floor (msg/s)", parley: floor.parley, raw: floor.raw,
        atLeast: nil)
    if settings.appendOnly { return table }
    progress("import: \(settings.largeCount) messages in batches of \(settings.batchSize) on each side")
    try await CorpusComparison(settings: settings, vocabulary: vocabulary, workspace: workspace).run(into: &table)
    return table
}

func thousands(_ value: Int) -> String {
    ResultTable.format(Double(value), decimals: 0)
}

var table: ResultTable
do {
    table = try await compare()
} catch {
    workspace.remove()
    progress("parley-compare failed: \(error)")
    exit(1)
}
workspace.remove()

table.footnotes += [
    "Raw SQLite: system libsqlite3 \(RawStore.version) through the C API in this process: one `message` table "
        + "(with Parley's columns for identity, tree and text, and its conversation index), an external-content "
        + "FTS5 table with `tokenize='porter unicode61 remove_diacritics 2'` and `prefix='2 3'` (Parley's "
        + "stems and prefix indexes) kept by an AFTER INSERT trigger, WAL, "
        + "`synchronous=NORMAL`, SQLite's default checkpoint interval, prepared statements reused. The "
        + "\"same index\" append row instead feeds a contentless FTS5 table each message's text with its Chinese "
        + "runs split into the two-character words Parley's tokenizer indexes (split before the timed work), so "
        + "both sides build the same postings (without stems); the porter rows index fewer, and cannot find "
        + "Chinese words.",
    "Parley runs as it ships: WAL with `synchronous=NORMAL` and a checkpoint every 4,000 pages (16 MB of WAL) "
        + "rather than SQLite's default 1,000, because every write rewrites a few hot pages (the conversation "
        + "row, the change log's tail, the FTS5 structure) that a longer interval checkpoints once.",
    "Parley does more per message than the floor: it validates, resolves the parent from the conversation's "
        + "head, moves the head, logs the message and the head move in its change log, and tokenizes with its "
        + "Swift `parley` tokenizer (case and accent folding, code identifiers, CJK bigrams, so every pair of "
        + "adjacent Chinese characters is a posting, and each English word both as written and as its Porter "
        + "stem, so the exact form can rank first). SQLite's C `porter unicode61` is the stricter floor: "
        + "faster, it keeps only the stem, and it indexes a whole Chinese clause as one token, so it cannot find a "
        + "Chinese word inside a sentence (see the hit row).",
    "Search: \(thousands(settings.queryCount)) timed queries per size after \(settings.warmupQueries) "
        + "warm-up, alternating sides; words drawn uniformly from the corpus vocabulary "
        + "(\(thousands(vocabulary.english.count)) English-like and \(thousands(vocabulary.chinese.count)) Chinese "
        + "two-character words), 5% prefix queries (a word without its last two letters, then `*`) and 5% quoted "
        + "phrases of two English words. Parley's `search.messages(_, limit: 20)` matches a bare English word "
        + "as the word or its stem, also reads each hit's conversation title and builds snippets, and lists a "
        + "query of prefixes only newest first; raw runs `MATCH … ORDER BY rank LIMIT 20` on the FTS5 table "
        + "(`ORDER BY rowid DESC` for prefixes), then reads the 20 hits' `message` rows.",
    "Rates are messages per second (higher is better); latencies in milliseconds and sizes (lower is better). "
        + "Both sides run alternately in the same process, so load from elsewhere hits both alike.",
]
let markdown = table.markdown
print(markdown)
if CommandLine.arguments.count > 1 {
    try markdown.write(toFile: CommandLine.arguments[1], atomically: true, encoding: .utf8)
}
