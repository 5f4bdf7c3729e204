import Foundation
import ParleyCore
import ParleyStore

/// Imports another tool's chat history (or a Parley export) into the store.
///
/// ```swift
/// let summary = try await Importer(store: store).run(ImportRequest(path: "/home/me/chatgpt-export.zip")) { progress in
///     print("\(progress.done) of \(progress.total ?? 0)")
/// }
/// ```
///
/// The format is recognised (or checked against the one asked for) and every document's structure is read
/// through before anything is stored, so a file of the wrong format or a truncated one changes nothing. Then a
/// reading thread parses and maps one conversation at a time while this task stores the batches it hands over:
/// memory stays bounded by a few batches, and reading overlaps writing.
public struct Importer: Sendable {
    let store: ParleyStore
    var batchLimits = ImportBatcher.Limits.standard

    public init(store: ParleyStore) {
        self.store = store
    }

    /// With smaller batches, so tests see several of them.
    init(store: ParleyStore, batchLimits: ImportBatcher.Limits) {
        self.store = store
        self.batchLimits = batchLimits
    }

    public func run(
        _ request: ImportRequest, progress: @escaping @Sendable (ImportProgress) async -> Void = { _ in }
    ) async throws(ParleyError) -> ImportSummary {
        guard request.path.hasPrefix("/") else {
            throw .invalidValue(field: "path", value: request.path, rule: "must be an absolute path")
        }
        let source = try ImportSource.open(request.path)
        let format = try ImportFormatDetector.detect(source, requested: request.format, path: request.path)
        let reading = ExportReading(source: source, format: format, batchLimits: batchLimits)
        let handoff = ImportHandoff()
        let reader = BlockingThread<Void>.start { () throws(ParleyError) in
            defer { handoff.finish() }
            try reading.run(into: handoff)
        }
        var summary = ImportSummary(format: format, dryRun: request.dryRun)
        var done = 0
        do {
            for await batch in handoff.batches {
                try await store(batch, dryRun: request.dryRun, into: &summary)
                handoff.stored()
                done += batch.items.count + batch.unreadable.count
                await progress(
                    ImportProgress(
                        format: format, done: done, total: batch.total, messagesAdded: summary.messages.added))
            }
        } catch {
            handoff.cancel()
            _ = await reader.result
            throw error
        }
        try await reader.result.get()
        return summary
    }

    private func store(_ batch: ImportBatch, dryRun: Bool, into summary: inout ImportSummary) async throws(ParleyError)
    {
        summary.skipped.append(contentsOf: batch.unreadable)
        let outcomes: [ImportOutcome]
        switch batch.content {
        case let .conversations(conversations):
            guard !conversations.isEmpty else { return }
            outcomes = try await store.imports.write(conversations, dryRun: dryRun)
        case let .records(groups):
            guard !groups.isEmpty else { return }
            outcomes = try await store.imports.merge(groups, dryRun: dryRun)
        }
        for (outcome, item) in zip(outcomes, batch.items) { summary.count(outcome, item: item) }
    }
}

/// What `import.run` is asked.
public struct ImportRequest: Sendable {
    /// An absolute path: a file, a folder or a .zip.
    public var path: String
    /// Nil: recognised from the file.
    public var format: ImportFormat?
    /// Read and check everything, report what would be stored, store nothing.
    public var dryRun: Bool

    public init(path: String, format: ImportFormat? = nil, dryRun: Bool = false) {
        self.path = path
        self.format = format
        self.dryRun = dryRun
    }
}
