import Foundation
import ParleyCore

/// What a segment holds once opened: which device wrote it for which target, the change sequence numbers it
/// covers, the checksum of the segment before it (a chain, so a missing or swapped segment is noticed), and
/// the entity states.
struct SegmentDocument: Codable, Sendable {
    static let currentVersion = 1

    var format = "parley-segment"
    var version = SegmentDocument.currentVersion
    var targetID: EntityID
    var deviceID: EntityID
    var first: Int64
    var last: Int64
    /// The checksum of the previous segment of this device; nil for its first.
    var previous: String?
    var createdAt: Int64
    var records: [SyncRecord]

    enum CodingKeys: String, CodingKey {
        case format, version, first, last, previous, records
        case targetID = "target_id"
        case deviceID = "device_id"
        case createdAt = "created_at"
    }
}

/// A head (`head-<version>.json`): how far a device's chain of segments goes. Written after the segments it names, so a reader
/// that finds a head also finds every segment up to it (once the target has copied them all).
struct DeviceHead: Codable, Sendable, Equatable {
    var format = "parley-head"
    var version = 1
    var targetID: EntityID
    var deviceID: EntityID
    var lastSequence: Int64
    var lastHash: String?
    var updatedAt: Int64
    /// The device's newest change when the head was written; equal to `lastSequence` unless that run made
    /// changes of its own after exporting (conflict copies), which the next run exports.
    var latestChange: Int64?
    /// The device's content hash when the head was written.
    var contentHash: String?
    /// How far the device had imported each other device then.
    var imported: [String: Int64]?

    enum CodingKeys: String, CodingKey {
        case format, version, imported
        case targetID = "target_id"
        case deviceID = "device_id"
        case lastSequence = "last_sequence"
        case lastHash = "last_hash"
        case updatedAt = "updated_at"
        case latestChange = "latest_change"
        case contentHash = "content_hash"
    }
}
