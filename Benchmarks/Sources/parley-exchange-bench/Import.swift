import ParleyExchange
import ParleyStore

/// `import --file FILE --database DB [--memory-map-bytes N]`: `Importer` reading the export into a new store,
/// timed from the call to its summary (the store is opened before and closed after). `--memory-map-bytes`
/// overrides the store's `mmap_size` (0: off), to see how much of the peak memory the map is.
func importFile(_ options: Options) async throws {
    let file = try options.path("file")
    var configuration = StoreConfiguration()
    if let text = try? options.string("memory-map-bytes") {
        guard let bytes = Int(text), bytes >= 0 else { throw UsageError("--memory-map-bytes must be 0 or more") }
        configuration.memoryMapBytes = bytes
    }
    let store = try ParleyStore.open(path: try options.path("database"), configuration: configuration)
    let memory = MemoryPeak()
    let start = ContinuousClock.now
    let summary = try await Importer(store: store).run(ImportRequest(path: file))
    let elapsed = seconds(since: start)
    var report = Report()
    report.add("messages", summary.messages.added)
    report.add("conversations", summary.conversations.added)
    report.add("skipped", summary.skipped.count)
    report.add("seconds", elapsed)
    report.add("rate", Double(summary.messages.added) / elapsed)
    report.add(memory)
    try store.close()
    report.print()
}
