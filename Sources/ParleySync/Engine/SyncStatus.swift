import ParleyCore
import ParleyStore

/// Where sync stands: the target, this device, and every other device with a verdict on whether the two have
/// the same history.
public struct SyncStatus: Sendable, Encodable {
    public var target: String?
    /// What kind of target it is: `folder` (a path on this machine), `sftp`, `webdav` or `s3`.
    public var targetKind: String?
    /// Whether the target could be opened and read just now.
    public var reachable: Bool?
    public var targetID: EntityID?
    public var encrypted: Bool
    public var deviceID: EntityID
    public var lastRun: Int64?
    public var lastError: String?
    public var skipped: [SkippedFile]
    /// What the last run moved: files, bytes, requests.
    public var lastMoved: SyncTraffic?
    /// This device's changes written to the target, and its newest change.
    public var exportedSequence: Int64
    public var latestChange: Int64
    public var contentHash: String
    /// Why the target could not be read just now (the verdicts are then `unknown`).
    public var targetError: String?
    public var peers: [Peer]

    public struct Peer: Sendable, Encodable {
        public var deviceID: EntityID
        public var cursor: Int64
        public var lastSeen: Int64?
        public var lastError: String?
        /// How far the device's own changes go, by its head.
        public var headSequence: Int64?
        public var contentHash: String?
        public var verdict: Verdict

        enum CodingKeys: String, CodingKey {
            case cursor, verdict
            case deviceID = "device_id"
            case lastSeen = "last_seen"
            case lastError = "last_error"
            case headSequence = "head_sequence"
            case contentHash = "content_hash"
        }
    }

    /// `inSync` and `diverged` are verdicts only when both devices had imported exactly the same changes of
    /// every device when they computed their hashes; otherwise one has yet to sync (`catchingUp`).
    public enum Verdict: String, Sendable, Encodable {
        case inSync = "in_sync"
        case diverged
        case catchingUp = "catching_up"
        case unknown
    }

    enum CodingKeys: String, CodingKey {
        case target, encrypted, skipped, peers, reachable
        case targetKind = "target_kind"
        case targetID = "target_id"
        case deviceID = "device_id"
        case lastRun = "last_run"
        case lastError = "last_error"
        case lastMoved = "last_moved"
        case exportedSequence = "exported_sequence"
        case latestChange = "latest_change"
        case contentHash = "content_hash"
        case targetError = "target_error"
    }
}

extension SyncEngine {
    /// The status, reading every device's head from the target to judge convergence.
    public func status() async throws(ParleyError) -> SyncStatus {
        let recorded = try store.sync.target()
        let peers = try store.sync.peers()
        var status = SyncStatus(
            target: recorded?.url, targetID: recorded?.targetID, encrypted: recorded?.encrypted ?? false,
            deviceID: store.deviceID, lastRun: recorded?.lastRun, lastError: recorded?.lastError,
            skipped: recorded?.lastSkipped.flatMap { text in
                try? JSONCoding.decode([SkippedFile].self, from: text)
            } ?? [],
            lastMoved: recorded?.lastMoved.flatMap { text in try? JSONCoding.decode(SyncTraffic.self, from: text) },
            exportedSequence: recorded?.exported.sequence ?? 0, latestChange: try await store.changeLog.lastSequence(),
            contentHash: try await store.sync.contentHash(), peers: [])
        status.targetKind = recorded.map { TargetURL.kind(of: $0.url).rawValue }
        var peerHeads: [EntityID: DeviceHead] = [:]
        if let recorded {
            do {
                let session = try await TargetSession.open(
                    recorded, directory: target(recorded), keys: keys, heads: heads)
                for peer in peers {
                    peerHeads[peer.deviceID] = try? await session.head(
                        of: peer.deviceID, in: session.deviceFolder(peer.deviceID))
                }
            } catch {
                status.targetError = error.description
            }
            status.reachable = status.targetError == nil
        }
        let cursors = Dictionary(uniqueKeysWithValues: peers.map { ($0.deviceID.rawValue, $0.cursor.sequence) })
        for peer in peers {
            let head = peerHeads[peer.deviceID]
            var verdict = SyncStatus.Verdict.unknown
            if let head, let hash = head.contentHash, let imported = head.imported {
                // What each side had of every other device (and of the other side) when it hashed.
                var mine = cursors.filter { $0.key != peer.deviceID.rawValue }
                mine[store.deviceID.rawValue] = status.exportedSequence
                let comparable =
                    status.exportedSequence == status.latestChange && head.latestChange == head.lastSequence
                    && peer.cursor.sequence == head.lastSequence
                    && imported.filter({ $0.value > 0 }) == mine.filter({ $0.value > 0 })
                verdict = !comparable ? .catchingUp : hash == status.contentHash ? .inSync : .diverged
            }
            status.peers.append(
                SyncStatus.Peer(
                    deviceID: peer.deviceID, cursor: peer.cursor.sequence, lastSeen: peer.lastSeen,
                    lastError: peer.lastError, headSequence: head?.lastSequence, contentHash: head?.contentHash,
                    verdict: verdict))
        }
        return status
    }
}
