import Foundation
import ParleyCore
import ParleyStore
import ParleySync

/// The daemon's sync: one engine shared by `sync.run` and the background schedule, which tells subscribers
/// about every conversation an import touched.
public final class SyncService: Sendable {
    public let engine: SyncEngine
    let events: EventBus

    public init(engine: SyncEngine, events: EventBus) {
        self.engine = engine
        self.events = events
    }

    /// Runs sync once and publishes a `sync.imported` event per conversation that imported changes touched.
    public func run(progress: SyncEngine.ProgressHook? = nil) async throws(ParleyError) -> SyncReport {
        let report = try await engine.run(progress: progress)
        for conversationID in report.conversations.sorted()
        where events.hasAudience(type: "sync.imported", conversationID: conversationID) {
            let summary = ImportedSummary(
                importedSegments: report.importedSegments, appliedChanges: report.appliedChanges)
            if let event = try? StoreEvent(
                type: "sync.imported", conversationID: conversationID, key: "sync", entity: summary)
            {
                events.publish(event)
            }
        }
        return report
    }

    /// Whether a target is configured, so the schedule knows whether to run.
    public var isConfigured: Bool {
        (try? engine.store.sync.target()) != nil
    }

    struct ImportedSummary: Encodable, Sendable {
        var importedSegments: Int
        var appliedChanges: Int

        enum CodingKeys: String, CodingKey {
            case importedSegments = "imported_segments"
            case appliedChanges = "applied_changes"
        }
    }
}
