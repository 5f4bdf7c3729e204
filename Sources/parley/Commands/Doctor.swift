import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore
import ParleySync

extension Parley {
    /// Opens the store (creating and migrating it if needed) and reports its schema, contents and health.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check the store (schema, counts, size, integrity) and sync (last run, skipped files, and whether "
                + "every other machine has the same history).")

        @OptionGroup var store: StoreOptions

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            let opened = try ParleyStore.open(path: store.databasePath)
            let report = try await opened.report()
            let sync = try await SyncEngine(store: opened).status()
            try opened.close()
            if json {
                // The store report's fields, as before sync existed, with the sync status beside them.
                print(
                    String(try JSONCoding.encode(report).dropLast()) + #","sync":"# + (try JSONCoding.encode(sync))
                        + "}")
                return
            }
            if let backup = opened.backupPath { print("backup taken     \(backup)") }
            if !opened.migrationsApplied.isEmpty {
                print("migrated         \(opened.migrationsApplied.joined(separator: ", "))")
            }
            print(
                """
                database         \(report.databasePath)
                schema version   \(report.schemaVersion)
                device id        \(report.deviceID)
                journal mode     \(report.journalMode)
                integrity        \(report.integrity)
                size             \(report.sizeBytes) bytes
                conversations    \(report.conversations) (+\(report.deletedConversations) deleted)
                messages         \(report.messages)
                drafts           \(report.drafts)
                usage records    \(report.usageRecords)
                changes logged   \(report.changes)
                """)
            print(SyncStatusText.render(try JSONParser.parse(Data(try JSONCoding.encode(sync).utf8))))
            if report.integrity != "ok" { throw ExitCode(2) }
            if sync.peers.contains(where: { $0.verdict == .diverged }) || !sync.skipped.isEmpty
                || sync.lastError != nil
            {
                throw ExitCode(3)
            }
        }
    }
}
