import Foundation

/// How much work one comparison run does. `QUICK=1` shrinks everything for a smoke run.
struct CompareSettings {
    /// Messages each side appends one per transaction.
    var appendCount: Int
    /// The batched import whose rate is compared; the first search table is measured at this size.
    var importCount: Int
    /// The size the import continues to for the second search table and the size row.
    var largeCount: Int
    var batchSize = 1_000
    /// Timed queries per size per side, after ``warmupQueries`` untimed ones.
    var queryCount: Int
    var warmupQueries = 50
    /// `APPEND_ONLY=1`: run only the append rows (for profiling the write path).
    var appendOnly = false
    /// Where the databases go; each run uses a fresh folder and removes it afterwards.
    var workspace: URL

    static func fromEnvironment() -> CompareSettings {
        let environment = ProcessInfo.processInfo.environment
        let quick = environment["QUICK"].map { $0 != "0" && !$0.isEmpty } ?? false
        let base =
            environment["BENCH_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        return CompareSettings(
            appendCount: quick ? 1_000 : 4_000,
            importCount: quick ? 10_000 : 100_000,
            largeCount: quick ? 100_000 : 1_000_000,
            queryCount: quick ? 300 : 1_000,
            appendOnly: environment["APPEND_ONLY"].map { $0 != "0" && !$0.isEmpty } ?? false,
            workspace: base.appendingPathComponent("parley-bench-\(getpid())"))
    }
}
