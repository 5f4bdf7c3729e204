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
    ///
    /// - Parameter index: the raw baseline's index; with ``RawStore/Index/sameTokens`` each message's text is
    ///   split for it before the timed work.
    func run(against index: RawStore.Index) async throws -> (parley: Double, raw: Double) {
        let name = index == .sameTokens ? "same-tokens" : "porter"
        let parley = ParleyLoader(store: try ParleyStore.open(path: try workspace.path("append-parley-\(name).sqlite")))
        let raw = try RawStore(path: try workspace.path("append-raw-\(name).sqlite"), index: index)
        var generator = CorpusGenerator(vocabulary: vocabulary, seed: 1)
        var messages = generator.next(settings.appendCount)
        if index == .sameTokens {
            for position in messages.indices {
                messages[position].indexText = BigramSplitter.split(messages[position].text)
            }
        }
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
