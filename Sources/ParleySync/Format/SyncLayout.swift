import ParleyCore

/// Where things live inside a target (DESIGN.md, "Sync"):
///
/// ```
/// parley/target.json                              format, target id, encryption parameters
/// parley/devices/<device-id>/head-<version>.json  how far the chain goes; the newest version counts
/// parley/devices/<device-id>/<first>-<last>.seg   immutable, checksummed (optionally sealed) segments
/// ```
///
/// Heads are versioned files, each written once, because most remote stores cannot replace a file atomically
/// (SFTP has no rename over an existing file, S3 and WebDAV readers may see an old listing): a new version is
/// published beside the old ones, which are removed only after it. Whatever a reader lists, it finds a whole
/// head or none, and a head is only ever a hint (no head means no news, never lost history). Parley before
/// versioned heads wrote `head.json`, which readers still take when a folder has no versioned head.
enum SyncLayout {
    static let folder = "parley"
    static let devicesFolder = "parley/devices"
    static let descriptorPath = "parley/target.json"

    static func root() throws(ParleyError) -> RemotePath { try RemotePath(validating: folder) }
    static func devices() throws(ParleyError) -> RemotePath { try RemotePath(validating: devicesFolder) }
    static func descriptor() throws(ParleyError) -> RemotePath { try RemotePath(validating: descriptorPath) }

    static func device(_ id: EntityID) throws(ParleyError) -> RemotePath {
        try devices().appending(id.rawValue)
    }

    /// The head file written before heads were versioned.
    static let legacyHeadName = "head.json"

    static func head(of id: EntityID, _ name: HeadName) throws(ParleyError) -> RemotePath {
        try device(id).appending(name.fileName)
    }

    static func legacyHead(of id: EntityID) throws(ParleyError) -> RemotePath {
        try device(id).appending(legacyHeadName)
    }

    static func segment(of id: EntityID, _ name: SegmentName) throws(ParleyError) -> RemotePath {
        try device(id).appending(name.fileName)
    }
}

/// A segment's file name: the first and last change sequence numbers it covers, zero-padded so names sort in
/// order: `0000000000000001-0000000000000420.seg`.
struct SegmentName: Hashable, Comparable, Sendable {
    let first: Int64
    let last: Int64

    init(first: Int64, last: Int64) {
        self.first = first
        self.last = last
    }

    /// Parses a name read from the target; nil for anything that is not exactly a segment name.
    init?(fileName: String) {
        let utf8 = Array(fileName.utf8)
        guard utf8.count == 37, utf8[16] == UInt8(ascii: "-"), fileName.hasSuffix(".seg"),
            utf8[0..<16].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            utf8[17..<33].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let first = Int64(String(decoding: utf8[0..<16], as: UTF8.self)),
            let last = Int64(String(decoding: utf8[17..<33], as: UTF8.self)),
            first >= 1, last >= first
        else { return nil }
        self.init(first: first, last: last)
    }

    var fileName: String { Self.padded(first) + "-" + Self.padded(last) + ".seg" }

    static func < (lhs: SegmentName, rhs: SegmentName) -> Bool { (lhs.first, lhs.last) < (rhs.first, rhs.last) }

    private static func padded(_ number: Int64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}

/// A versioned head's file name, `head-0001780000000123.json`: the version, which grows with every head a
/// device publishes (the wall clock's milliseconds, or one more than the newest it sees), zero-padded so names
/// sort in order.
struct HeadName: Hashable, Comparable, Sendable {
    let version: Int64

    init(version: Int64) {
        self.version = version
    }

    /// Parses a name read from the target; nil for anything that is not exactly a versioned head's name.
    init?(fileName: String) {
        let utf8 = Array(fileName.utf8)
        guard utf8.count == 26, fileName.hasPrefix("head-"), fileName.hasSuffix(".json"),
            utf8[5..<21].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let version = Int64(String(decoding: utf8[5..<21], as: UTF8.self)), version >= 1
        else { return nil }
        self.init(version: version)
    }

    var fileName: String {
        let digits = String(version)
        return "head-" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits + ".json"
    }

    static func < (lhs: HeadName, rhs: HeadName) -> Bool { lhs.version < rhs.version }
}
