import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// A store whose listings run ahead of its reads: a segment that is listed but cannot be read yet is not
/// damage. The run imports what it can, reports nothing skipped, and the next run reads the rest.
@Suite struct ListingLagTests {
    /// A folder target that answers "not there" for the files named in ``hidden``, though it lists them.
    struct LaggingDirectory: RemoteDirectory {
        let inner: any RemoteDirectory
        let hidden: Set<String>

        var location: String { inner.location }

        func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? { try await inner.list(folder) }

        func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
            if hidden.contains(file.name ?? "") { return nil }
            return try await inner.read(file, maximumBytes: maximumBytes)
        }

        func makeFolder(_ folder: RemotePath) async throws(ParleyError) { try await inner.makeFolder(folder) }

        func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
            try await inner.write(data, to: file, replacing: replacing)
        }

        func remove(_ file: RemotePath) async throws(ParleyError) { try await inner.remove(file) }

        func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {
            try await inner.removeStaleTemporaryFiles(in: folder, olderThanSeconds: olderThanSeconds)
        }
    }

    @Test func aListedSegmentNotReadableYetIsReadNextRunWithoutBeingSkipped() async throws {
        var options = SyncOptions()
        options.maximumSegmentRecords = 3
        let pair = try await SyncPair(options: options)
        try await SyncPair.write(8, on: pair.first)
        _ = try await pair.first.engine.run()
        let segments = try pair.segments(of: pair.first).map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(segments.count >= 3)

        let hidden: Set<String> = [segments[1]]
        let lagging = SyncEngine(
            store: pair.second.store, options: options,
            openDirectory: { url, connection throws(ParleyError) in
                let inner = try TargetURL.open(url, connection: connection)
                return LaggingDirectory(inner: inner, hidden: hidden)
            })
        let early = try await lagging.run()
        #expect(early.skipped.isEmpty, "\(early.skipped)")
        #expect(early.importedSegments == 1)
        #expect(try pair.second.store.sync.peers().first?.lastError == nil)

        let later = try await pair.second.engine.run()
        #expect(later.skipped.isEmpty)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 8)
        #expect(try await pair.second.store.sync.contentHash() == pair.first.store.sync.contentHash())
    }
}
