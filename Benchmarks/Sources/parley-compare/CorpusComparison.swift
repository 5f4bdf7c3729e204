import BenchmarkCorpus
import ParleyStore

/// Rows 2–4: one corpus imported in batches into both stores, searched at two sizes, then weighed.
///
/// The import rate is compared over the first ``CompareSettings/importCount`` messages; the import then goes
/// on to ``CompareSettings/largeCount`` so search latency and size can be read on a large database.
struct CorpusComparison {
    let settings: CompareSettings
    let vocabulary: Vocabulary
    let workspace: Workspace

    /// What one size's searches measured.
    struct SearchOutcome {
        var parley = Latencies()
        var raw = Latencies()
        var parleyByKind: [QueryMix.Kind: Latencies] = [:]
        var rawByKind: [QueryMix.Kind: Latencies] = [:]
        var parleyFound = 0
        var rawFound = 0
    }

    func run(into table: inout ResultTable) async throws {
        let parleyPath = try workspace.path("corpus-parley.sqlite")
        let rawPath = try workspace.path("corpus-raw.sqlite")
        let parley = ParleyLoader(store: try ParleyStore.open(path: parleyPath))
        let raw = try RawStore(path: rawPath)
        var generator = CorpusGenerator(vocabulary: vocabulary)
        let queries = QueryMix(vocabulary: vocabulary, count: settings.warmupQueries + settings.queryCount)
        var textBytes = 0

        let first = try await importMessages(settings.importCount, parley, raw, &generator, &textBytes)
        table.rate(
            "import \(count(settings.importCount)), \(count(settings.batchSize))/transaction (msg/s)",
            parley: first.parley, raw: first.raw, atLeast: 0.5)
        let small = try await search(parley, raw, queries, size: settings.importCount)

        let rest = try await importMessages(
            settings.largeCount - settings.importCount, parley, raw, &generator, &textBytes)
        table.rate(
            "import continued to \(count(settings.largeCount)) (msg/s)", parley: rest.parley, raw: rest.raw,
            atLeast: nil)
        let large = try await search(parley, raw, queries, size: settings.largeCount)

        for (size, outcome) in [(settings.importCount, small), (settings.largeCount, large)] {
            for p in [50.0, 99.0] {
                table.latency(
                    "search p\(Int(p)) at \(count(size)) (ms)", parley: outcome.parley.percentile(p),
                    raw: outcome.raw.percentile(p), under: size == settings.largeCount && p == 99 ? 20 : nil)
            }
        }
        for (size, outcome) in [(settings.importCount, small), (settings.largeCount, large)] {
            for kind in QueryMix.Kind.allCases {
                guard let parleyKind = outcome.parleyByKind[kind], let rawKind = outcome.rawByKind[kind] else {
                    continue
                }
                for p in [50.0, 99.0] {
                    table.latency(
                        "search p\(Int(p)) at \(count(size)), \(kind.rawValue) only (\(parleyKind.count) queries, ms)",
                        parley: parleyKind.percentile(p), raw: rawKind.percentile(p),
                        under: size == settings.largeCount && p == 99 ? 20 : nil)
                }
            }
        }
        table.info(
            "queries with ≥ 1 hit at \(count(settings.largeCount)) (%)",
            parley: 100 * Double(large.parleyFound) / Double(settings.queryCount),
            raw: 100 * Double(large.rawFound) / Double(settings.queryCount), decimals: 1)

        try parley.store.close()
        try raw.checkpoint()
        let parleyBytes = Double(Workspace.databaseBytes(parleyPath))
        let rawBytes = Double(Workspace.databaseBytes(rawPath))
        let messages = Double(settings.largeCount)
        table.info(
            "database bytes per message at \(count(settings.largeCount))", parley: parleyBytes / messages,
            raw: rawBytes / messages, decimals: 0)
        table.info(
            "database size ÷ message text size", parley: parleyBytes / Double(textBytes),
            raw: rawBytes / Double(textBytes), decimals: 2)
        table.footnotes.append(
            "Text: \(ResultTable.format(Double(textBytes) / messages, decimals: 0)) UTF-8 bytes per message "
                + "on average; database sizes are after a WAL checkpoint.")
    }

    /// Imports `total` more messages into both stores, batch by batch; returns both rates in messages per second.
    private func importMessages(
        _ total: Int, _ parley: ParleyLoader, _ raw: RawStore, _ generator: inout CorpusGenerator,
        _ textBytes: inout Int
    ) async throws -> (parley: Double, raw: Double) {
        var timer = SideBySide()
        var imported = 0
        while imported < total {
            let batch = generator.next(min(settings.batchSize, total - imported))
            try await parley.prepareConversations(for: batch)
            try await timer.measure(parley: { try await parley.appendBatch(batch) }, raw: { try raw.append(batch) })
            imported += batch.count
            textBytes += batch.reduce(0) { $0 + $1.text.utf8.count }
            if imported % 100_000 == 0 { progress("  imported \(count(imported)) more") }
        }
        return (Double(total) / timer.parleySeconds, Double(total) / timer.rawSeconds)
    }

    /// Times every query on both stores, after untimed warm-up queries that bring the index into the cache.
    private func search(
        _ parley: ParleyLoader, _ raw: RawStore, _ queries: QueryMix, size: Int
    ) async throws -> SearchOutcome {
        progress("  searching at \(count(size)) messages")
        var outcome = SearchOutcome()
        var timer = SideBySide()
        for (index, query) in queries.queries.enumerated() {
            var parleyHits = 0
            var rawHits = 0
            let seconds = try await timer.measure(
                parley: { parleyHits = try await parley.store.search.messages(query.parley, limit: 20).items.count },
                raw: { rawHits = try raw.search(query.raw, recent: query.recent, limit: 20).count })
            guard index >= settings.warmupQueries else { continue }
            outcome.parley.record(seconds: seconds.parley)
            outcome.raw.record(seconds: seconds.raw)
            outcome.parleyByKind[query.kind, default: Latencies()].record(seconds: seconds.parley)
            outcome.rawByKind[query.kind, default: Latencies()].record(seconds: seconds.raw)
            outcome.parleyFound += parleyHits > 0 ? 1 : 0
            outcome.rawFound += rawHits > 0 ? 1 : 0
        }
        return outcome
    }

    private func count(_ value: Int) -> String {
        value >= 1_000_000 && value % 1_000_000 == 0
            ? "\(value / 1_000_000)M" : value >= 1_000 && value % 1_000 == 0 ? "\(value / 1_000)k" : "\(value)"
    }
}
