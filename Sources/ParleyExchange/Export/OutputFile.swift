import Foundation
import ParleyCore

/// A file written through a buffer under a temporary name beside its final one, readable by the user alone,
/// and renamed into place only once complete: a failed or interrupted export never leaves half a file where
/// a reader would take it for a whole one.
final class OutputFile {
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var written: Int64 = 0
    /// Whether ``commit()`` syncs the file to disk itself; a writer of many files syncs their folder once.
    private let syncs: Bool
    private static let bufferSize = 1 << 20

    init(path: String, syncs: Bool = true) throws(ParleyError) {
        self.path = path
        self.syncs = syncs
        temporaryPath = path + ".partial-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .invalidValue(field: "path", value: path, rule: "must be a file Parley can write (\(Self.reason()))")
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func write(_ bytes: some Collection<UInt8>) throws(ParleyError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    func write(_ text: String) throws(ParleyError) {
        try write(text.utf8)
    }

    /// Writes what is buffered, syncs it to disk and moves the file into place.
    func commit() throws(ParleyError) {
        try flush()
        guard !syncs || fsync(descriptor) == 0 else { throw failure() }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let error = failure()
            unlink(temporaryPath)
            throw error
        }
    }

    /// Syncs every file written so far to disk with one call: a Markdown export of 25,000 files spent most
    /// of its time in one fsync each. Linux's `sync` returns once the data is written (elsewhere it only
    /// schedules it, so there each file syncs itself instead).
    static func syncAll() {
        sync()
    }

    private func flush() throws(ParleyError) {
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return 0 }
                return Foundation.write(descriptor, base + offset, bytes.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure() }
            offset += count
        }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private func failure() -> ParleyError {
        let reason = Self.reason()
        if errno == ENOSPC || errno == EDQUOT || errno == EFBIG {
            return .diskFull(folder: (path as NSString).deletingLastPathComponent, reason: reason)
        }
        return .invalidValue(field: "path", value: path, rule: "must be a file Parley can write (\(reason))")
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
