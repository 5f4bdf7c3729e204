import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walking the target one folder descriptor at a time, so no path string is ever resolved through a link.
extension LocalDirectory {
    /// Temporary files start with a dot, which ``RemotePath`` refuses, so they can never be read as sync files.
    static let temporaryPrefix = ".tmp-"

    /// `.tmp-<16 random hex digits>-<name>`, shortened to fit the 255-byte limit on names.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        let prefix = temporaryPrefix + String(repeating: "0", count: 16 - random.count) + random + "-"
        return prefix
            + String(decoding: name.utf8.prefix(RemotePath.maximumComponentBytes - prefix.utf8.count), as: UTF8.self)
    }

    /// The target folder itself, which may be a link; it must exist.
    func openRoot() throws(ParleyError) -> FileDescriptor {
        guard let descriptor = FileDescriptor(adopting: open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) else {
            let code = errno
            let hint = code == ENOENT ? "; if it is a share, is it mounted?" : ""
            throw ParleyError.sync(
                path: rootPath, reason: "the sync target cannot be opened: \(Self.systemError(code))\(hint)")
        }
        return descriptor
    }

    /// A descriptor for `folder`, or nil when it (or a folder above it) does not exist. Throws when any folder
    /// on the way is a link or not a folder.
    func openFolder(_ folder: RemotePath) throws(ParleyError) -> FileDescriptor? {
        var current = try openRoot()
        for index in folder.components.indices {
            guard let next = try openChildFolder(of: current.rawValue, folder.components[...index]) else { return nil }
            current = next
        }
        return current
    }

    /// Opens the last of `walked` inside `parent` without following a link; nil when it does not exist.
    func openChildFolder(of parent: Int32, _ walked: ArraySlice<String>) throws(ParleyError) -> FileDescriptor? {
        let name = walked.last!
        if let descriptor = FileDescriptor(
            adopting: openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
        {
            return descriptor
        }
        let code = errno
        if code == ENOENT { return nil }
        var status = stat()
        if fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            if status.st_mode & S_IFMT == S_IFLNK {
                throw failure(
                    walked, "is a link; sync never follows links inside a target, so nothing can redirect it outside")
            }
            if status.st_mode & S_IFMT != S_IFDIR {
                throw failure(walked, "is not a folder")
            }
        }
        throw failure(walked, "cannot be opened: \(Self.systemError(code))")
    }

    /// The names in the folder open at `descriptor` (which stays open), sorted, each with its `lstat` status.
    func entries(
        ofFolder descriptor: Int32, at components: [String]
    ) throws(ParleyError) -> [(
        name: String, status: stat
    )] {
        // The stream takes over a copy, so closing it leaves the caller's descriptor open.
        guard let copy = FileDescriptor(adopting: dup(descriptor)), let stream = fdopendir(copy.rawValue) else {
            throw failure(components, "cannot be listed: \(Self.systemError())")
        }
        _ = copy.release()
        defer { closedir(stream) }
        var found: [(name: String, status: stat)] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                guard errno == 0 else { throw failure(components, "cannot be listed: \(Self.systemError())") }
                break
            }
            var status = stat()
            let (name, statusCode) = withUnsafePointer(to: &entry.pointee.d_name) { field in
                field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
                    raw in
                    (
                        String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self),
                        fstatat(descriptor, raw, &status, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno
                    )
                }
            }
            if name == "." || name == ".." || statusCode == ENOENT { continue }
            guard statusCode == 0 else {
                throw failure(components + [name], "cannot be examined: \(Self.systemError(statusCode))")
            }
            found.append((name, status))
        }
        return found.sorted { $0.name < $1.name }
    }

    static func modificationTime(_ status: stat) -> Double {
        #if canImport(Darwin)
            Double(status.st_mtimespec.tv_sec) + Double(status.st_mtimespec.tv_nsec) / 1e9
        #else
            Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        #endif
    }

    // MARK: - Messages

    /// An error naming the local file at fault, so the user can go and look at it.
    func failure(_ components: some Collection<String>, _ reason: String) -> ParleyError {
        .sync(path: localPath(components), reason: reason)
    }

    /// The local path of the file or folder at `components` inside the target.
    func localPath(_ components: some Collection<String>) -> String {
        components.isEmpty ? rootPath : (rootPath == "/" ? "" : rootPath) + "/" + components.joined(separator: "/")
    }

    static func systemError(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// The error for a write into the target that failed with `code`: a full disk is ``ParleyError/diskFull``,
    /// which says that nothing half-written was published, and the next sync writes it again.
    func writeFailure(_ components: some Collection<String>, _ action: String, _ code: Int32) -> ParleyError {
        guard OutOfSpace.explains(code) else { return failure(components, "\(action): \(Self.systemError(code))") }
        return .diskFull(
            folder: rootPath,
            reason: "\(OutOfSpace.describe(code)): \(localPath(components)) \(action); nothing half-written was "
                + "published, and the next sync writes it again")
    }

    // MARK: - Parsing the URL

    static func absolutePath(parsing text: String) throws(ParleyError) -> String {
        func refusal(_ rule: String) -> ParleyError { .invalidValue(field: "target", value: text, rule: rule) }
        var path: String
        if text.lowercased().hasPrefix("file://") {
            let rest = text.dropFirst("file://".count)
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let host = rest[..<hostEnd]
            guard host.isEmpty || host.lowercased() == "localhost" else {
                throw refusal("names the host \(host); a file:// URL must name this machine's files, as file:///path")
            }
            guard let decoded = String(rest[hostEnd...]).removingPercentEncoding else {
                throw refusal("has a malformed percent-encoding")
            }
            path = decoded
        } else if let separator = text.range(of: "://") {
            let scheme = text[..<separator.lowerBound].lowercased()
            guard ["sftp", "s3"].contains(scheme) else {
                throw refusal(
                    "has the unknown scheme \(scheme)://; a sync target is a path, a file:// URL or a WebDAV "
                        + "https:// URL")
            }
            throw refusal(
                "is an \(scheme):// target, which is not supported yet; mount the share and give its local path")
        } else if text == "~" || text.hasPrefix("~/") {
            path = NSHomeDirectory() + text.dropFirst()
        } else {
            path = text
        }
        guard !path.utf8.contains(0) else { throw refusal("contains a NUL byte") }
        guard path.hasPrefix("/") else {
            throw refusal("is not an absolute path; give /path, ~/path or file:///path")
        }
        while path.utf8.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
