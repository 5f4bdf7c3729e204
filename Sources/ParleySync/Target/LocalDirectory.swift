import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sync target that is a folder on this machine: a plain path or a `file://` URL (a mounted share, a Syncthing
/// or Dropbox folder).
///
/// Anyone who can write to the share can plant files in it, so nothing inside the target is trusted: every folder
/// is opened relative to its parent's descriptor with `O_NOFOLLOW`, which means a planted link cannot redirect a
/// read or a write outside the target, not even in a race between a check and an open. The target folder itself
/// may be a link (a share mounted elsewhere), and it must exist: a missing target is usually an unmounted share,
/// and is reported as an error rather than read as empty or silently recreated on the local disk.
///
/// ```swift
/// let target = try LocalDirectory(url: "~/Sync")
/// try target.makeFolder(RemotePath(validating: "parley/devices"))
/// ```
public struct LocalDirectory: RemoteDirectory {
    /// The absolute path of the target folder, the one that holds `parley/`; every ``RemotePath`` is relative to it.
    public let rootPath: String

    public var location: String { rootPath }

    /// Accepts `/abs/path`, `~/path` and `file:///abs/path` (percent-encoded); `sftp://` and `https://` targets
    /// are not supported yet.
    public init(url text: String) throws(ParleyError) {
        rootPath = try Self.absolutePath(parsing: text)
    }

    public func list(_ folder: RemotePath) throws(ParleyError) -> [RemoteEntry]? {
        guard let descriptor = try openFolder(folder) else { return nil }
        return try entries(ofFolder: descriptor.rawValue, at: folder.components).map { entry in
            switch entry.status.st_mode & S_IFMT {
            case S_IFREG: RemoteEntry(name: entry.name, kind: .file, size: Int64(entry.status.st_size))
            case S_IFDIR: RemoteEntry(name: entry.name, kind: .folder, size: 0)
            default: RemoteEntry(name: entry.name, kind: .other, size: 0)
            }
        }
    }

    public func read(_ file: RemotePath, maximumBytes: Int) throws(ParleyError) -> Data? {
        guard let name = file.name, let parent = file.parent else {
            throw failure(file.components, "is the target folder itself, not a file")
        }
        guard let folder = try openFolder(parent) else { return nil }
        var status = stat()
        guard fstatat(folder.rawValue, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw failure(file.components, "cannot be examined: \(Self.systemError())")
        }
        try requireRegularFile(status, file.components)
        guard
            let descriptor = FileDescriptor(
                adopting: openat(folder.rawValue, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC))
        else {
            throw failure(file.components, "cannot be opened: \(Self.systemError())")
        }
        guard fstat(descriptor.rawValue, &status) == 0 else {
            throw failure(file.components, "cannot be examined: \(Self.systemError())")
        }
        try requireRegularFile(status, file.components)
        guard status.st_size <= maximumBytes else {
            throw failure(
                file.components,
                "is \(status.st_size) bytes, over the limit of \(maximumBytes) bytes for this kind of file; "
                    + "it was not read")
        }
        return try readAll(descriptor.rawValue, maximumBytes: maximumBytes, file.components)
    }

    public func makeFolder(_ folder: RemotePath) throws(ParleyError) {
        var current = try openRoot()
        for index in folder.components.indices {
            let walked = folder.components[...index]
            if mkdirat(current.rawValue, folder.components[index], 0o700) == 0 {
                _ = fsync(current.rawValue)
            } else if errno != EEXIST {
                throw writeFailure(walked, "cannot be created", errno)
            }
            guard let next = try openChildFolder(of: current.rawValue, walked) else {
                throw failure(walked, "disappeared while it was being created")
            }
            current = next
        }
    }

    public func write(_ data: Data, to file: RemotePath, replacing: Bool) throws(ParleyError) {
        guard let name = file.name, let parent = file.parent else {
            throw failure(file.components, "is the target folder itself, not a file")
        }
        guard let folder = try openFolder(parent) else {
            throw failure(parent.components, "does not exist; create the folder before writing into it")
        }
        let temporary = Self.temporaryName(for: name)
        guard
            let descriptor = FileDescriptor(
                adopting: openat(
                    folder.rawValue, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600))
        else {
            throw writeFailure(parent.components + [temporary], "cannot be created", errno)
        }
        do throws(ParleyError) {
            try writeAll(data, to: descriptor, file.components)
            if replacing {
                guard renameat(folder.rawValue, temporary, folder.rawValue, name) == 0 else {
                    throw writeFailure(file.components, "cannot be renamed into place", errno)
                }
            } else {
                try linkWithoutReplacing(temporary, name, in: folder.rawValue, file.components)
            }
        } catch {
            unlinkat(folder.rawValue, temporary, 0)
            throw error
        }
        try flushFolder(folder.rawValue, parent.components)
    }

    public func remove(_ file: RemotePath) throws(ParleyError) {
        guard let name = file.name, let parent = file.parent else {
            throw failure(file.components, "is the target folder itself, not a file")
        }
        guard let folder = try openFolder(parent) else { return }
        guard unlinkat(folder.rawValue, name, 0) == 0 || errno == ENOENT else {
            throw failure(file.components, "cannot be removed: \(Self.systemError())")
        }
    }

    public func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) throws(ParleyError) {
        guard let descriptor = try openFolder(folder) else { return }
        let cutoff = Date().timeIntervalSince1970 - olderThanSeconds
        let stale = try entries(ofFolder: descriptor.rawValue, at: folder.components).filter { entry in
            entry.name.hasPrefix(Self.temporaryPrefix) && entry.status.st_mode & S_IFMT == S_IFREG
                && Self.modificationTime(entry.status) < cutoff
        }
        for entry in stale {
            guard unlinkat(descriptor.rawValue, entry.name, 0) == 0 || errno == ENOENT else {
                throw failure(folder.components + [entry.name], "cannot be removed: \(Self.systemError())")
            }
        }
    }

    // MARK: - Writing

    /// Publishes the temporary file under `name` unless a file of that name exists. `link` fails atomically with
    /// EEXIST; shares that cannot link (some SMB and FUSE mounts) fall back to a check followed by a rename.
    private func linkWithoutReplacing(
        _ temporary: String, _ name: String, in folder: Int32, _ components: [String]
    ) throws(ParleyError) {
        if linkat(folder, temporary, folder, name, 0) == 0 {
            // A leftover temporary is harmless: removeStaleTemporaryFiles collects it.
            unlinkat(folder, temporary, 0)
            return
        }
        let code = errno
        guard code != EEXIST else { throw exists(components) }
        guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS].contains(code) else {
            throw writeFailure(components, "cannot be linked into place", code)
        }
        var status = stat()
        if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 { throw exists(components) }
        guard renameat(folder, temporary, folder, name) == 0 else {
            throw writeFailure(components, "cannot be renamed into place", errno)
        }
    }

    private func exists(_ components: [String]) -> ParleyError {
        failure(components, "already exists, and sync never replaces a file it wrote once; it was left as it is")
    }

    /// Writes, flushes and closes the temporary file; a share may report a failed write only when it is closed.
    private func writeAll(_ data: Data, to file: consuming FileDescriptor, _ components: [String]) throws(ParleyError) {
        let descriptor = file.rawValue
        var failureCode: Int32 = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    guard errno == EINTR else {
                        failureCode = errno
                        return
                    }
                    continue
                }
                offset += written
            }
            if fsync(descriptor) != 0 { failureCode = errno }
        }
        if let closeCode = file.close(), failureCode == 0 { failureCode = closeCode }
        guard failureCode == 0 else {
            throw writeFailure(components, "cannot be written", failureCode)
        }
    }

    /// Makes the rename durable; shares that cannot sync a folder (EINVAL) still made the file itself durable.
    private func flushFolder(_ folder: Int32, _ components: [String]) throws(ParleyError) {
        guard fsync(folder) != 0 else { return }
        let code = errno
        guard code == EINVAL || code == ENOTSUP || code == EOPNOTSUPP else {
            throw writeFailure(components, "cannot be flushed to disk", code)
        }
    }

    // MARK: - Reading

    private func requireRegularFile(_ status: stat, _ components: [String]) throws(ParleyError) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: throw failure(components, "is a link; sync never follows links inside a target")
        case S_IFDIR: throw failure(components, "is a folder, not a file")
        default: throw failure(components, "is a special file, not a regular file")
        }
    }

    private func readAll(_ descriptor: Int32, maximumBytes: Int, _ components: [String]) throws(ParleyError) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                guard errno == EINTR else { throw failure(components, "cannot be read: \(Self.systemError())") }
                continue
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            guard data.count <= maximumBytes else {
                throw failure(
                    components, "grew past the limit of \(maximumBytes) bytes while it was read; it was not used")
            }
        }
    }
}

/// `read(2)`, reachable from a type that has a `read` method of its own.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`, reachable from a type that has a `write` method of its own.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
