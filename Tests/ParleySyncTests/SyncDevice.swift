import Foundation
import GRDB
import ParleyCore
import ParleySync
import ParleyTestSupport
import Synchronization

@testable import ParleyStore

/// A wall clock the test moves forward by hand, shared by every device so runs replay the same way.
final class ManualClock: Sendable {
    private let now = Mutex<Int64>(1_780_000_000_000)

    func read() -> Int64 { now.withLock { $0 } }

    func advance(by milliseconds: Int64) { now.withLock { $0 += milliseconds } }
}

/// One machine of a sync test: its own database file and sync engine, sharing a target folder with others.
final class SyncDevice: Sendable {
    let folder = TemporaryFolder(prefix: "parley-sync-device-")
    let store: ParleyStore
    let engine: SyncEngine

    /// - Parameter databaseFolder: where the database goes instead of the device's temporary folder (a disk
    ///   that a test fills).
    /// - Parameter targetEnvironment: `HOME` and `NETRC` for a network target's credentials.
    /// - Parameter network: a network target's timeouts and retries.
    init(
        clock: ManualClock? = nil, options: SyncOptions = SyncOptions(), skewMilliseconds: Int64? = nil,
        databaseFolder: String? = nil, targetEnvironment: [String: String] = [:],
        network: NetworkOptions = NetworkOptions()
    ) throws {
        var configuration = StoreConfiguration()
        if let clock { configuration.wallClock = { clock.read() } }
        if let skewMilliseconds { configuration.maximumClockSkewMilliseconds = skewMilliseconds }
        store = try ParleyStore.open(
            path: (databaseFolder ?? folder.path) + "/parley.sqlite", configuration: configuration)
        engine = SyncEngine(
            store: store, options: options,
            openDirectory: { url, connection throws(ParleyError) in
                try TargetURL.open(url, connection: connection, environment: targetEnvironment, network: network)
            })
    }

    deinit {
        try? store.close()
    }

    /// Every row of the synced tables in a fixed order, with the columns two converged devices must agree on.
    func dump() throws -> [String] {
        try store.pool.read { db in
            var lines: [String] = []
            for (table, columns, order) in [
                (
                    "conversation",
                    "id, title, model, settings, pinned, archived, head_message_id, deleted, created_at, title_hlc, "
                        + "model_hlc, settings_hlc, tags_hlc, pinned_hlc, archived_hlc, head_hlc, deleted_hlc",
                    "id"
                ),
                ("conversation_tag", "conversation_id, tag, position", "conversation_id, position"),
                (
                    "message",
                    "id, conversation_id, parent_id, role, content_text, content_parts, status, deleted, created_at",
                    "id"
                ),
                (
                    "draft",
                    "id, conversation_id, parent_id, kind, content, revision, conflict_of, deleted, hlc, versions",
                    "id"
                ),
                ("usage_record", "id, conversation_id, message_id, prompt_tokens, cost, hlc", "id"),
            ] {
                for row in try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY \(order)") {
                    lines.append(table + " " + row.description)
                }
            }
            return lines
        }
    }

    func count(_ sql: String) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
