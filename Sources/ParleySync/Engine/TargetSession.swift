import Crypto
import Foundation
import ParleyCore
import ParleyStore
import Synchronization

/// An opened target: its directory, its verified descriptor, and the key when it is encrypted.
struct TargetSession: Sendable {
    let directory: any RemoteDirectory
    let descriptor: TargetDescriptor
    let key: SymmetricKey?
    /// Heads already read, by path: a head file is never rewritten, so one read per version is enough.
    let heads: HeadCache

    static let maximumDescriptorBytes = 64 << 10

    /// Reads `parley/target.json`, or nil when there is none.
    static func readDescriptor(_ directory: any RemoteDirectory) async throws(ParleyError) -> TargetDescriptor? {
        guard let data = try await directory.read(SyncLayout.descriptor(), maximumBytes: maximumDescriptorBytes) else {
            return nil
        }
        return try TargetDescriptor.decode(data)
    }

    /// Opens the target recorded in the database, refusing one that is not the same target any more.
    static func open(
        _ recorded: SyncTargetRecord, directory: any RemoteDirectory, keys: KeyCache, heads: HeadCache
    ) async throws(ParleyError) -> TargetSession {
        guard let descriptor = try await readDescriptor(directory) else {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: "is missing at \(directory.location): the target vanished, is not mounted, or was emptied. "
                    + "Nothing was read or changed. Mount it again, or point sync at its new place with "
                    + "`parley sync init URL`")
        }
        guard descriptor.targetID == recorded.targetID else {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: "names target \(descriptor.targetID), but this database syncs with target "
                    + "\(recorded.targetID): the folder was replaced by another target. Nothing was read or changed. "
                    + "To sync with the new one instead, run `parley sync init \(recorded.url)`")
        }
        guard (descriptor.encryption != nil) == recorded.encrypted else {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: recorded.encrypted
                    ? "says the target is not encrypted, but it was when this database joined it; refusing to write "
                        + "history in the clear"
                    : "says the target is encrypted, but it was not when this database "
                        + "joined it; run `parley sync init \(recorded.url) --encrypt` to give the passphrase")
        }
        var key: SymmetricKey?
        if descriptor.encryption != nil {
            guard let file = recorded.passphraseFile else {
                throw .sync(
                    path: nil,
                    reason: "the target is encrypted but no passphrase file is configured; run "
                        + "`parley sync init \(recorded.url) --encrypt`")
            }
            key = try keys.key(for: descriptor, passphraseFile: file)
        }
        return TargetSession(directory: directory, descriptor: descriptor, key: key, heads: heads)
    }

    /// A device's folder from one listing: its segments in chain order, its heads newest first, and whether
    /// it still has the head of the layout before versioned heads. Anything else there is ignored.
    func deviceFolder(_ device: EntityID) async throws(ParleyError) -> DeviceFolder {
        let listed = try await directory.list(SyncLayout.device(device))
        let files = (listed ?? []).filter { $0.kind == .file }.map(\.name)
        return DeviceFolder(
            exists: listed != nil,
            segments: files.compactMap(SegmentName.init(fileName:)).sorted(),
            heads: files.compactMap(HeadName.init(fileName:)).sorted(by: >),
            hasLegacyHead: files.contains(SyncLayout.legacyHeadName),
            hasTemporaryFiles: files.contains { $0.hasPrefix(LocalDirectory.temporaryPrefix) })
    }

    /// A device's newest head in `folder`, checked to belong to that device and this target; nil when it has
    /// none. A head that vanished between the listing and the read (its device published a newer one and
    /// removed it) gives way to the next newest.
    func head(of device: EntityID, in folder: DeviceFolder) async throws(ParleyError) -> DeviceHead? {
        var paths = try folder.heads.map { name throws(ParleyError) in try SyncLayout.head(of: device, name) }
        if folder.hasLegacyHead { paths.append(try SyncLayout.legacyHead(of: device)) }
        for path in paths {
            if let head = try await head(of: device, at: path) { return head }
        }
        return nil
    }

    private func head(of device: EntityID, at path: RemotePath) async throws(ParleyError) -> DeviceHead? {
        if let known = heads[path] { return known }
        guard let data = try await directory.read(path, maximumBytes: 1 << 20) else { return nil }
        let head = try UntrustedJSON.decode(
            DeviceHead.self, from: try open(data, path: path, maximumPlaintextBytes: 4 << 20),
            path: path.description)
        guard head.format == "parley-head", head.version == 1, head.deviceID == device,
            head.targetID == descriptor.targetID, head.lastSequence >= 0
        else {
            throw .sync(
                path: path.description,
                reason: "is not this device's head for this target (format \(head.format) version \(head.version), "
                    + "device \(head.deviceID), target \(head.targetID))")
        }
        heads[path] = head
        return head
    }

    func seal(_ document: some Encodable, path: RemotePath) throws(ParleyError) -> Data {
        do {
            return SegmentEnvelope.seal(
                try JSONStreamEncoder.encode(document), key: key, associatedPath: path.description)
        } catch {
            throw .sync(path: path.description, reason: "cannot be encoded: \(error)")
        }
    }

    func open(_ data: Data, path: RemotePath, maximumPlaintextBytes: Int) throws(ParleyError) -> Data {
        try SegmentEnvelope.open(
            data, key: key, associatedPath: path.description, maximumPlaintextBytes: maximumPlaintextBytes)
    }
}

/// What one listing of a device's folder holds that sync reads.
struct DeviceFolder: Sendable {
    /// Whether the folder is there at all.
    var exists: Bool
    var segments: [SegmentName]
    /// Newest first.
    var heads: [HeadName]
    var hasLegacyHead: Bool
    /// Whether a write left a temporary file behind (a crash, a dropped connection), for the cleanup.
    var hasTemporaryFiles: Bool
}

/// The newest head read or written in each device folder, for the life of the engine. A head is written once
/// under a name of its own and never changed, so what was read from a path is what the path holds for as long as
/// it exists: a run with nothing new reads no head again. One entry per folder, so a daemon that runs for
/// months keeps one head per device, not every version it ever saw.
final class HeadCache: Sendable {
    private let entries = Mutex<[RemotePath: (path: RemotePath, head: DeviceHead)]>([:])

    subscript(path: RemotePath) -> DeviceHead? {
        get {
            entries.withLock { entries in
                path.parent.flatMap { entries[$0] }.flatMap { $0.path == path ? $0.head : nil }
            }
        }
        set {
            guard let folder = path.parent else { return }
            entries.withLock { entries in
                entries[folder] = newValue.map { (path: path, head: $0) }
            }
        }
    }
}

/// Derived keys by target and passphrase, so a daemon that syncs every few minutes runs scrypt once.
final class KeyCache: Sendable {
    private let entries = Mutex<[String: SymmetricKey]>([:])

    func key(for descriptor: TargetDescriptor, passphraseFile: String) throws(ParleyError) -> SymmetricKey {
        let passphrase = try PassphraseFile.read(path: passphraseFile)
        let name =
            descriptor.targetID.rawValue + ":"
            + SHA256.hash(data: passphrase).map { String(format: "%02x", $0) }.joined()
        if let key = entries.withLock({ $0[name] }) { return key }
        let key = try descriptor.key(passphrase: passphrase)
        entries.withLock { $0[name] = key }
        return key
    }
}
