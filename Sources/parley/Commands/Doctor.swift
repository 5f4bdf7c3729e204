import ArgumentParser
import Foundation
import ParleyCore
import ParleyStore

extension Parley {
    /// Opens the store (creating and migrating it if needed) and reports its schema, contents and health.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the store: schema version, counts, size, integrity and where it is.")

        @OptionGroup var store: StoreOptions

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            let opened = try ParleyStore.open(path: store.databasePath)
            let report = try await opened.report()
            try opened.close()
            if json {
                print(try JSONCoding.encode(report))
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
            if report.integrity != "ok" { throw ExitCode(2) }
        }
    }
}
