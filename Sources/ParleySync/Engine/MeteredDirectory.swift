import Foundation
import ParleyCore
import ParleyTransfer
import Synchronization

/// What one sync run moved: files and bytes each way, and for a network target the requests it took.
public struct SyncTraffic: Sendable, Equatable, Codable {
    public var filesWritten = 0
    public var filesRead = 0
    public var bytesWritten = 0
    public var bytesRead = 0
    /// Requests to a network target, retries included; nil for a folder on this machine.
    public var requests: Int?
    public var retries: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case requests, retries
        case filesWritten = "files_written"
        case filesRead = "files_read"
        case bytesWritten = "bytes_written"
        case bytesRead = "bytes_read"
    }
}

/// A target's directory that counts the files and bytes sync moves through it, and reads its transport's
/// meter for the requests.
struct MeteredDirectory: RemoteDirectory {
    let inner: any RemoteDirectory
    private let counts = Counts()
    private let start: TransferMeter.Reading?

    init(_ inner: any RemoteDirectory) {
        self.inner = inner
        start = inner.meter?.reading
    }

    var location: String { inner.location }
    var meter: TransferMeter? { inner.meter }

    /// What moved since this directory was made.
    var traffic: SyncTraffic {
        var traffic = counts.value.withLock { $0 }
        if let start, let now = inner.meter?.reading {
            let delta = now.since(start)
            traffic.requests = delta.requests
            traffic.retries = delta.retries
        }
        return traffic
    }

    func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? {
        try await inner.list(folder)
    }

    func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
        let data = try await inner.read(file, maximumBytes: maximumBytes)
        if let data {
            counts.value.withLock {
                $0.filesRead += 1
                $0.bytesRead += data.count
            }
        }
        return data
    }

    func makeFolder(_ folder: RemotePath) async throws(ParleyError) {
        try await inner.makeFolder(folder)
    }

    func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
        try await inner.write(data, to: file, replacing: replacing)
        counts.value.withLock {
            $0.filesWritten += 1
            $0.bytesWritten += data.count
        }
    }

    func remove(_ file: RemotePath) async throws(ParleyError) {
        try await inner.remove(file)
    }

    func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {
        try await inner.removeStaleTemporaryFiles(in: folder, olderThanSeconds: olderThanSeconds)
    }

    private final class Counts: Sendable {
        let value = Mutex(SyncTraffic())
    }
}
