import ParleyCore

/// A file of the target that a run did not import, and why. Everything after it from the same device waits
/// too (segments apply in order, without gaps); the next run tries again.
public struct SkippedFile: Sendable, Equatable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// What one sync run did; encoded as `sync.run`'s result.
public struct SyncReport: Sendable, Equatable, Encodable {
    public var exportedSegments = 0
    public var importedSegments = 0
    public var appliedChanges = 0
    public var conflicts = 0
    public var skipped: [SkippedFile] = []
    public var contentHash = ""
    /// Files, bytes and requests the run moved.
    public var moved = SyncTraffic()
    /// The conversations imported changes touched, so subscribers can be told.
    public var conversations: Set<EntityID> = []

    public init() {}

    /// The touched conversations go out as events, not in the result.
    enum CodingKeys: String, CodingKey {
        case conflicts, skipped, moved
        case exportedSegments = "exported_segments"
        case importedSegments = "imported_segments"
        case appliedChanges = "applied_changes"
        case contentHash = "content_hash"
    }
}

/// Where a run is, for a progress display.
public enum SyncProgress: Sendable, Equatable {
    case exported(segment: String, records: Int)
    case imported(segment: String, records: Int)
}

/// The points of a run where a test can make it fail as a crash would: the work before the point is done,
/// the work after it is not.
public enum SyncFaultPoint: Sendable, Equatable {
    /// A segment is on the target; the database does not yet know it was exported.
    case afterSegmentWritten
    /// The export is recorded in the database; the new head is not yet written.
    case beforeHeadWritten
    /// The new head is on the target; the older ones are not yet removed.
    case afterHeadWritten
    /// A segment's states are merged inside the import transaction, which has not committed.
    case beforeImportCommit
}
