import Foundation
import ParleyCore
import ParleyStore

/// Syncs one store with the target it is configured for: exports this device's new changes, imports every
/// other device's, and reports what it did.
///
/// Runs never overlap: a run asked for while one is going waits for it, then runs (so it sees changes made
/// meanwhile).
///
/// ```swift
/// let engine = SyncEngine(store: store)
/// _ = try await engine.configure(url: "/mnt/share", passphraseFile: nil)
/// let report = try await engine.run()
/// ```
public actor SyncEngine {
    public typealias FaultHook = @Sendable (SyncFaultPoint) throws(ParleyError) -> Void
    public typealias ProgressHook = @Sendable (SyncProgress) -> Void
    /// Opens a target URL; replaceable so tests can stand in a target that misbehaves.
    public typealias DirectoryOpener = @Sendable (String, TargetConnection) throws(ParleyError) -> any RemoteDirectory

    public nonisolated let store: ParleyStore
    nonisolated let options: SyncOptions
    nonisolated let openDirectory: DirectoryOpener
    nonisolated let keys = KeyCache()
    nonisolated let heads = HeadCache()
    private var fault: FaultHook?
    private var lastRun: Task<Void, Never>?
    /// The target as the last run opened it, kept so the next run reuses its connections (an SFTP login costs
    /// a key exchange and a session); dropped when a run fails or the target changes.
    private var opened: OpenedTarget?

    private struct OpenedTarget {
        var url: String
        var connection: TargetConnection
        var directory: any RemoteDirectory
    }

    public init(
        store: ParleyStore, options: SyncOptions = SyncOptions(),
        openDirectory: @escaping DirectoryOpener = { url, connection throws(ParleyError) in
            try TargetURL.open(url, connection: connection)
        }
    ) {
        self.store = store
        self.options = options
        self.openDirectory = openDirectory
    }

    /// Makes the next runs fail at `point` as a crash there would (for tests); nil stops it.
    public func injectFault(_ hook: FaultHook?) {
        fault = hook
    }

    /// Joins the target at `url`, creating it when it has no `parley/target.json` yet (encrypted when a
    /// passphrase file is given). An existing encrypted target checks the passphrase before anything is recorded.
    ///
    /// - Parameter connection: how to reach a network target beyond its URL (where its password is kept).
    /// - Parameter reset: write this device's whole history again and import every device from the start.
    /// - Parameter replace: allow starting a new target where the recorded one has vanished.
    public func configure(
        url: String, passphraseFile: String?, connection: TargetConnection = TargetConnection(), reset: Bool = false,
        replace: Bool = false
    ) async throws(ParleyError) -> TargetDescriptor {
        let directory = try openDirectory(url, connection)
        let recorded = try store.sync.target()
        let descriptor: TargetDescriptor
        if let existing = try await TargetSession.readDescriptor(directory) {
            descriptor = existing
            if existing.encryption != nil {
                guard let passphraseFile else {
                    throw .invalidValue(
                        field: "passphrase_file", value: "(none)",
                        rule: "is required: the target at \(directory.location) is encrypted")
                }
                _ = try keys.key(for: existing, passphraseFile: passphraseFile)
            } else if passphraseFile != nil {
                throw .invalidValue(
                    field: "passphrase_file", value: passphraseFile ?? "",
                    rule: "must be left out: the target at \(directory.location) already exists unencrypted")
            }
        } else {
            if let recorded, recorded.url == url, !replace {
                throw .sync(
                    path: SyncLayout.descriptorPath,
                    reason: "is missing at \(directory.location), where this database's target \(recorded.targetID) "
                        + "was: it is not mounted, or was emptied. Nothing was created. To start a new target there, "
                        + "configure it again with replace")
            }
            let passphrase = try passphraseFile.map { path throws(ParleyError) in try PassphraseFile.read(path: path) }
            let (created, _) = try TargetDescriptor.create(encryptedWith: passphrase)
            try await directory.makeFolder(SyncLayout.root())
            try await directory.write(created.encoded(), to: SyncLayout.descriptor(), replacing: false)
            // Another machine may have created the target at the same moment; its descriptor wins.
            descriptor = try await TargetSession.readDescriptor(directory) ?? created
        }
        try await directory.makeFolder(SyncLayout.devices())
        try await store.sync.configure(
            url: url, targetID: descriptor.targetID, encrypted: descriptor.encryption != nil,
            passphraseFile: passphraseFile, connection: connection, reset: reset)
        return descriptor
    }

    /// One sync: export, then import, then the content hash. Problems with single files are in the report's
    /// `skipped`; a target that cannot be trusted as a whole throws and nothing is changed.
    public func run(progress: ProgressHook? = nil) async throws(ParleyError) -> SyncReport {
        let previous = lastRun
        let task = Task { () -> Result<SyncReport, ParleyError> in
            await previous?.value
            do {
                return .success(try await perform(progress: progress))
            } catch let error as ParleyError {
                return .failure(error)
            } catch {
                return .failure(.sync(path: nil, reason: "\(error)"))
            }
        }
        lastRun = Task { _ = await task.value }
        return try await task.value.get()
    }

    /// The recorded target, opened once and reused while it stays the same.
    func target(_ recorded: SyncTargetRecord) throws(ParleyError) -> any RemoteDirectory {
        if let opened, opened.url == recorded.url, opened.connection == recorded.connection {
            return opened.directory
        }
        let directory = try openDirectory(recorded.url, recorded.connection)
        opened = OpenedTarget(url: recorded.url, connection: recorded.connection, directory: directory)
        return directory
    }

    private func perform(progress: ProgressHook?) async throws(ParleyError) -> SyncReport {
        guard let recorded = try store.sync.target() else {
            throw .sync(path: nil, reason: "sync is not set up; run `parley sync init TARGET` first")
        }
        var report = SyncReport()
        var metered: MeteredDirectory?
        do {
            let directory = MeteredDirectory(try target(recorded))
            metered = directory
            let session = try await TargetSession.open(recorded, directory: directory, keys: keys, heads: heads)
            let exporter = SegmentExporter(store: store, session: session, options: options, fault: fault)
            let exported = try await exporter.export(from: recorded.exported, report: &report, progress: progress)
            if exported.folder.hasTemporaryFiles {
                try? await session.directory.removeStaleTemporaryFiles(
                    in: SyncLayout.device(store.deviceID), olderThanSeconds: 3_600)
            }
            try await SegmentImporter(store: store, session: session, options: options, fault: fault).importAll(
                report: &report, progress: progress)
            report.contentHash = try await store.sync.contentHash()
            let imported = try store.sync.peers().map { ($0.deviceID, $0.cursor.sequence) }
            try await exporter.writeHead(
                exported, imported: Dictionary(uniqueKeysWithValues: imported), contentHash: report.contentHash)
            report.moved = directory.traffic
            try await store.sync.recordRun(
                at: HybridLogicalClock.systemWallClock(), error: nil, skipped: report.skipped, moved: report.moved)
            return report
        } catch {
            opened = nil
            report.moved = metered?.traffic ?? SyncTraffic()
            try? await store.sync.recordRun(
                at: HybridLogicalClock.systemWallClock(), error: error.description, skipped: report.skipped,
                moved: report.moved)
            throw error
        }
    }
}
