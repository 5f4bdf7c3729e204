import ParleyCore

/// How far a sync has come along one device's chain of segments: the last change sequence number covered and
/// the checksum of the segment that ended there (the next segment must name it as its predecessor).
public struct SyncCursor: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var hash: String?

    public static let start = SyncCursor(sequence: 0, hash: nil)

    public init(sequence: Int64, hash: String?) {
        self.sequence = sequence
        self.hash = hash
    }
}

/// The target this database syncs with, as recorded when it was configured.
public struct SyncTargetRecord: Sendable, Equatable {
    public var url: String
    public var targetID: EntityID
    public var encrypted: Bool
    /// Where the passphrase is read from; the passphrase itself is never stored.
    public var passphraseFile: String?
    /// How to reach a network target beyond its URL.
    public var connection: TargetConnection
    /// How far this device's own change log has been written to the target.
    public var exported: SyncCursor
    public var lastRun: Int64?
    public var lastError: String?
    /// The files the last run skipped, as JSON `[{"path": …, "reason": …}]`.
    public var lastSkipped: String?
    /// What the last run moved, as JSON (files, bytes, requests).
    public var lastMoved: String?
}

/// How to reach a network target beyond its URL: where its secrets are kept, never the secrets themselves.
public struct TargetConnection: Sendable, Equatable, Codable {
    /// A file only its owner can read that holds the WebDAV password for the URL's user (else `~/.netrc`).
    public var passwordFile: String?
    /// The SSH private key an SFTP target logs in with (else ssh-agent and `~/.ssh/id_ed25519`/`id_ecdsa`).
    public var identityFile: String?
    /// The SFTP server's host key fingerprint (`SHA256:…`), trusted instead of `~/.ssh/known_hosts`. Public.
    public var hostKey: String?

    public init(passwordFile: String? = nil, identityFile: String? = nil, hostKey: String? = nil) {
        self.passwordFile = passwordFile
        self.identityFile = identityFile
        self.hostKey = hostKey
    }

    enum CodingKeys: String, CodingKey {
        case passwordFile = "password_file"
        case identityFile = "identity_file"
        case hostKey = "host_key"
    }
}

/// Another device seen on the target, and how far its segments have been imported.
public struct SyncPeerRecord: Sendable, Equatable {
    public var deviceID: EntityID
    public var cursor: SyncCursor
    public var lastSeen: Int64?
    public var lastError: String?
}

/// Changes of this device's log, ready to be written as one segment: the states of every entity changed by
/// the log entries `first...last`.
public struct ExportBatch: Sendable {
    public var first: Int64
    public var last: Int64
    public var records: [SyncRecord]
}

/// What applying one segment changed.
public struct ApplyOutcome: Sendable, Equatable {
    /// Entities inserted or changed (states that were already known count nothing).
    public var appliedChanges: Int
    /// Concurrent draft edits that left a conflict copy.
    public var conflicts: Int
    /// The conversations those changes touched, for subscribers.
    public var conversations: Set<EntityID>
}
