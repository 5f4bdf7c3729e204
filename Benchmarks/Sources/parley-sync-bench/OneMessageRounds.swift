import BenchmarkCorpus
import ParleyStore
import SyncBenchSupport

/// One new message synced between two devices that already hold the same history: A appends a message to its
/// newest conversation, then A's run (the export of one segment) and B's run (its import) are timed, round by
/// round.
///
/// Before the first round both devices run once more, so every run measured is a steady-state one: the cursors
/// stand at the end, the other device's head has been seen and the content digests are caught up.
struct OneMessageRounds {
    var export = Samples()
    var `import` = Samples()
    /// A's segment files on the target before the rounds: what every run lists.
    var segmentFiles = 0

    init(pair: SyncPair, rounds: Int) async throws {
        segmentFiles = pair.measurement.footprint.files
        _ = try await pair.a.run()
        _ = try await pair.b.run()
        var texts = CorpusGenerator(vocabulary: Vocabulary(), seed: 7)
        for round in 0..<rounds {
            _ = try await pair.a.store.messages.append(
                NewMessage(
                    conversationID: pair.lastConversation, role: round % 2 == 0 ? .user : .assistant,
                    content: .text(texts.next().text)))
            let exported = try await pair.a.run()
            let imported = try await pair.b.run()
            guard exported.report.exportedSegments == 1, imported.report.importedSegments == 1,
                imported.report.skipped.isEmpty, imported.report.contentHash == exported.report.contentHash
            else {
                throw SyncBenchError(
                    "round \(round + 1) at \(thousands(pair.measurement.messages)) messages: A exported "
                        + "\(exported.report.exportedSegments) segments and B imported "
                        + "\(imported.report.importedSegments) (skipped: \(imported.report.skipped)); hashes "
                        + "\(exported.report.contentHash) and \(imported.report.contentHash)")
            }
            export.record(seconds: exported.seconds)
            self.import.record(seconds: imported.seconds)
        }
    }
}
