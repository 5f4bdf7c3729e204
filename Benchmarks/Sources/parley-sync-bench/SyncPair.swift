import Foundation
import ParleyCore
import SyncBenchSupport

/// Two devices sharing one target folder, with A's history exported and imported by B: A is seeded
/// (untimed), then A's first sync run (the export) and B's (the import into an empty database) are timed.
struct SyncPair {
    let folder: URL
    let a: SyncDevice
    let b: SyncDevice
    /// The newest conversation, which the one-message rounds append to.
    let lastConversation: EntityID
    let measurement: BulkMeasurement

    /// The passphrase of encrypted targets, written to a private (0600) file as the engine requires.
    static let passphrase = "parley sync benchmark passphrase"

    static func make(messages: Int, encrypted: Bool, in folder: URL) async throws -> SyncPair {
        let target = folder.appendingPathComponent("target").path
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        var passphraseFile: String?
        if encrypted {
            let file = folder.appendingPathComponent("passphrase").path
            guard
                FileManager.default.createFile(
                    atPath: file, contents: Data(passphrase.utf8), attributes: [.posixPermissions: 0o600])
            else { throw SyncBenchError("cannot write the passphrase file \(file)") }
            passphraseFile = file
        }
        let a = try SyncDevice(path: folder.appendingPathComponent("a.sqlite").path)
        let b = try SyncDevice(path: folder.appendingPathComponent("b.sqlite").path)
        progress("seeding device A with \(thousands(messages)) messages (untimed)")
        let seeded = try await Seeder.seed(a.store, messages: messages)
        try await a.join(target, passphraseFile: passphraseFile)
        progress("device A exports them\(encrypted ? " to an encrypted target" : "")")
        let export = try await a.run()
        guard export.report.exportedSegments > 0 else { throw SyncBenchError("device A's first run exported nothing") }
        let footprint = try TargetFootprint(device: a.store.deviceID, target: target)
        let joinStart = Stopwatch.now()
        try await b.join(target, passphraseFile: passphraseFile)
        let joinSeconds = Stopwatch.seconds(since: joinStart)
        progress("device B imports them into an empty database")
        let imported = try await b.run()
        guard imported.report.importedSegments == export.report.exportedSegments,
            imported.report.skipped.isEmpty, imported.report.contentHash == export.report.contentHash
        else {
            throw SyncBenchError(
                "device B imported \(imported.report.importedSegments) of \(export.report.exportedSegments) "
                    + "segments (skipped: \(imported.report.skipped)) and its content hash "
                    + "\(imported.report.contentHash) is not A's \(export.report.contentHash)")
        }
        return SyncPair(
            folder: folder, a: a, b: b, lastConversation: seeded.lastConversation,
            measurement: BulkMeasurement(
                messages: messages, export: export, import: imported, joinSeconds: joinSeconds,
                footprint: footprint, textBytes: seeded.textBytes))
    }

    /// Closes both databases and removes the folder with them and the target.
    func remove() throws {
        try a.close()
        try b.close()
        try FileManager.default.removeItem(at: folder)
    }
}
