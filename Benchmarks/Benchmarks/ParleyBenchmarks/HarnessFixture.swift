import BenchmarkCorpus
import Foundation
import ParleyStore

/// The databases and inputs the harness benchmarks share: a fresh pair of stores per benchmark, optionally
/// filled with a corpus to search, and rings of messages and queries that iterations cycle through so the
/// timed loop does no generating.
///
/// The harness runs one benchmark at a time, from one task, so the unsynchronised state is never shared.
final class HarnessFixture: @unchecked Sendable {
    static let searchCorpusSize = 20_000

    private let vocabulary = Vocabulary()
    private var folder: URL?
    private var messages: [CorpusMessage] = []
    private var queries: [QueryMix.Query] = []
    private var messageIndex = 0
    private var queryIndex = 0
    private(set) var parley: ParleyLoader!
    private(set) var raw: RawStore!

    /// Two empty stores, and messages (with their conversations created) ready to append.
    func openEmpty() async throws {
        try open()
        var generator = CorpusGenerator(vocabulary: vocabulary, seed: 1)
        messages = generator.next(10_000)
        try await parley.prepareConversations(for: messages)
    }

    /// Two stores holding the same ``searchCorpusSize`` messages, and the queries to run on them.
    func openFilled() async throws {
        try open()
        var generator = CorpusGenerator(vocabulary: vocabulary)
        for _ in 0..<(Self.searchCorpusSize / 1_000) {
            let batch = generator.next(1_000)
            try await parley.prepareConversations(for: batch)
            try await parley.appendBatch(batch)
            try raw.append(batch)
        }
        queries = QueryMix(vocabulary: vocabulary, count: 1_000).queries
    }

    func nextMessage() -> CorpusMessage {
        defer { messageIndex = (messageIndex + 1) % messages.count }
        return messages[messageIndex]
    }

    func nextQuery() -> QueryMix.Query {
        defer { queryIndex = (queryIndex + 1) % queries.count }
        return queries[queryIndex]
    }

    func close() throws {
        try parley?.store.close()
        parley = nil
        raw = nil
        if let folder { try FileManager.default.removeItem(at: folder) }
        folder = nil
    }

    private func open() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-harness-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        parley = ParleyLoader(store: try ParleyStore.open(path: folder.appendingPathComponent("parley.sqlite").path))
        raw = try RawStore(path: folder.appendingPathComponent("raw.sqlite").path)
        messageIndex = 0
        queryIndex = 0
    }
}
