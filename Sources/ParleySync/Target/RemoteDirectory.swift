import Foundation
import ParleyCore
import ParleyTransfer

/// One name in a listing of a ``RemoteDirectory``.
public struct RemoteEntry: Sendable, Hashable {
    /// The name as the target reported it: untrusted until it has been made a ``RemotePath``.
    public var name: String
    public var kind: Kind
    /// The size in bytes of a file; 0 for anything else.
    public var size: Int64

    public enum Kind: Sendable {
        case file, folder, other
    }

    public init(name: String, kind: Kind, size: Int64) {
        self.name = name
        self.kind = kind
        self.size = size
    }
}

/// A sync target's storage: a folder on this machine, an SFTP server, a WebDAV server or an S3 bucket.
///
/// The operations are the ones every remote store offers: list, read a whole file, write a new file and rename it
/// into place, remove a file. There are no in-place edits and no locks, so two devices sharing a target never need to coordinate:
/// each writes only new files under its own folder, and a reader sees a file whole or not at all.
///
/// The operations are `async` because a network target waits on its server for each; a folder on this machine
/// answers at once.
public protocol RemoteDirectory: Sendable {
    /// Where the target is, for messages (a path or URL without credentials).
    var location: String { get }

    /// What this target's network requests cost so far; nil for a folder on this machine, which makes none.
    var meter: TransferMeter? { get }

    /// Entries directly inside `folder`, or nil when the folder does not exist. Links and special files are reported
    /// as `.other`, never followed.
    func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]?

    /// The whole file, or nil when it does not exist. A file larger than `maximumBytes` is refused
    /// (``ParleyError/sync(path:reason:)`` naming the path and both sizes) without reading it. Never follows a link.
    func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data?

    /// Creates the folder and its parents; succeeds if it exists.
    func makeFolder(_ folder: RemotePath) async throws(ParleyError)

    /// Writes `data` under a temporary name in the same folder, flushes it, then renames it to `file`. With
    /// `replacing: false` an existing file is left alone and the call throws.
    func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError)

    /// Removes the file; succeeds when it is not there. Sync removes only its own older heads, after a newer one
    /// is published.
    func remove(_ file: RemotePath) async throws(ParleyError)

    /// Removes temporary files this protocol's writers left behind in `folder` after a crash (older than
    /// `olderThanSeconds`, so a write in progress on another device is left alone).
    func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError)
}

extension RemoteDirectory {
    public var meter: TransferMeter? { nil }
}
