import BenchmarkCorpus
import ParleyStore

/// Row 1: messages appended one per transaction, each indexed for search in the same transaction.
struct AppendComparison {
    let settings: CompareSettings
    let vocabulary: Vocabulary
    let workspace: Workspace

    /// Messages per alternation step; small enough that both sides see the same machine load.
    private let stepSize = 100

    /// The two append rates, in messages per second.
    func run() async throws -> (parley: Double, raw: Double) {
        let parley = ParleyLoader(store: try ParleyStore.open(path: try workspace.path("append-parley.sqlite")))
        let raw = try RawStore(path: try workspace.path("append-raw.sqlite"))
        var generator = CorpusGenerator(vocabulary: vocabulary, seed: 1)
        let messages = generator.next(settings.appendCount)
        try await parley.prepareConversations(for: messages)
        var timer = SideBySide()
        for start in stride(from: 0, to: messages.count, by: stepSize) {
            let step = messages[start..<min(start + stepSize, messages.count)]
            try await timer.measure(
                parley: { for message in step { try await parley.append(message) } },
                raw: { for message in step { try raw.append(CollectionOfOne(message)) } })
        }
        try parley.store.close()
        let count = Double(messages.count)
        return (count / timer.parleySeconds, count / timer.rawSeconds)
    }
}
