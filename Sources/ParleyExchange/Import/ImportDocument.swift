import Foundation
import ParleyCore
import ZIPFoundation

/// One file an import reads: a file on disk, or an entry of a .zip read without unpacking it to disk.
///
/// Documents are read in chunks, never whole, so an export of several gigabytes costs the memory of a chunk.
struct ImportDocument: @unchecked Sendable {
    /// How messages name it: `conversations.json`, or `export.zip:conversations-000.json`.
    let name: String
    /// Uncompressed size in bytes, for progress.
    let size: Int64
    private let origin: Origin

    private enum Origin {
        case file(String)
        /// ZIPFoundation's archive is a class that owns its open file and closes it when released.
        case zipEntry(Archive, Entry)
    }

    static let chunkSize = 1 << 20

    static func file(_ path: String, name: String) throws(ParleyError) -> ImportDocument {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.int64Value else {
            throw .invalidValue(field: "path", value: path, rule: "must be a readable file")
        }
        return ImportDocument(name: name, size: size, origin: .file(path))
    }

    static func zipEntry(_ entry: Entry, of archive: Archive, archiveName: String) -> ImportDocument {
        ImportDocument(
            name: archiveName + ":" + entry.path, size: Int64(clamping: entry.uncompressedSize),
            origin: .zipEntry(archive, entry))
    }

    /// Calls `body` with each chunk of the document in order; `body` may throw to stop early.
    func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch origin {
        case let .file(path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ParleyError.invalidValue(field: "path", value: path, rule: "must be a readable file")
            }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
                try chunk.withUnsafeBytes(body)
            }
        case let .zipEntry(archive, entry):
            _ = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: false) { data in
                try data.withUnsafeBytes(body)
            }
        }
    }

    /// The first `count` bytes (fewer when the document is shorter), for recognising its kind.
    func prefix(_ count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try read { chunk in
                bytes.append(contentsOf: chunk.prefix(count - bytes.count))
                if bytes.count >= count { throw PrefixComplete() }
            }
        } catch is PrefixComplete {}
        return bytes
    }

    private struct PrefixComplete: Error {}
}
