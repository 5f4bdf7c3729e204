import Foundation
import ParleyCore
import ParleyStore

/// Writes the store out as Parley JSON (lossless) or as Markdown (one file per conversation).
///
/// It reads one conversation at a time on a thread of its own, so exporting a million messages takes the
/// memory of the largest conversation and never holds up the daemon's other work.
public struct Exporter: Sendable {
    let store: ParleyStore

    public init(store: ParleyStore) {
        self.store = store
    }

    public func run(_ request: ExportRequest) async throws(ParleyError) -> ExportSummary {
        guard request.path.hasPrefix("/") else {
            throw .invalidValue(field: "path", value: request.path, rule: "must be an absolute path")
        }
        let store = store
        return try await BlockingThread.run { () throws(ParleyError) in
            let ids = try store.exports.conversationIDs(named: request.conversationIDs, changedSince: request.since)
            switch request.format {
            case .parley:
                return try ParleyJSONWriter(store: store).write(
                    ids, to: request.path, unattached: request.conversationIDs == nil && request.since == nil)
            case .markdown:
                return try MarkdownWriter(store: store).write(ids, to: request.path)
            }
        }
    }
}
