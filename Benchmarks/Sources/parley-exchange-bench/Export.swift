import ParleyExchange
import ParleyStore

/// `export --database DB --format parley|markdown --out PATH`: `Exporter` writing the whole store, timed from
/// the call to its summary.
func export(_ options: Options) async throws {
    let formatName = try options.string("format")
    guard let format = ExportFormat(rawValue: formatName) else {
        throw UsageError("--format must be parley or markdown, not \(formatName)")
    }
    let out = try options.path("out")
    let store = try ParleyStore.open(path: try options.path("database"))
    let memory = MemoryPeak()
    let start = ContinuousClock.now
    let summary = try await Exporter(store: store).run(ExportRequest(path: out, format: format))
    let elapsed = seconds(since: start)
    var report = Report()
    report.add("messages", summary.messages)
    report.add("conversations", summary.conversations)
    report.add("files", summary.files)
    report.add("bytes", summary.bytes)
    report.add("seconds", elapsed)
    report.add("rate", Double(summary.messages) / elapsed)
    report.add(memory)
    try store.close()
    report.print()
}
