import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that holds one secret (a passphrase, a WebDAV password): read only when no other user can read it,
/// and never quoted in an error, which names the file instead.
enum SecretFile {
    /// The file's text as a password for a request (one line, not empty).
    static func read(path: String, field: String) throws(ParleyError) -> String {
        let contents = try Self.contents(path: path, field: field, maximumBytes: 4096)
        guard !contents.isEmpty else { throw refusal(path, field, "is empty") }
        guard let text = String(data: contents, encoding: .utf8), !text.contains("\n") else {
            throw refusal(path, field, "must hold the secret as one line of UTF-8 text")
        }
        return text
    }

    /// The bytes of the file at `path`, without one trailing newline ("\n" or "\r\n"), refusing a file others
    /// can read, one that is not a regular file, and one over `maximumBytes`.
    static func contents(path: String, field: String, maximumBytes: Int) throws(ParleyError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw refusal(path, field, "cannot be opened: \(systemError())") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw refusal(path, field, "cannot be examined: \(systemError())")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw refusal(path, field, "is not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw refusal(
                path, field,
                "is open to other users (mode \(String(status.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)` "
                    + "so only you can read it")
        }
        guard status.st_size <= maximumBytes else {
            throw refusal(path, field, "is \(status.st_size) bytes; a file of one secret holds at most \(maximumBytes)")
        }
        var contents: Data
        do {
            contents = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw refusal(path, field, "cannot be read: \(error.localizedDescription)")
        }
        guard contents.count <= maximumBytes else {
            throw refusal(path, field, "grew past \(maximumBytes) bytes while it was read")
        }
        if contents.last == UInt8(ascii: "\n") {
            contents.removeLast()
            if contents.last == UInt8(ascii: "\r") { contents.removeLast() }
        }
        return contents
    }

    static func refusal(_ path: String, _ field: String, _ rule: String) -> ParleyError {
        .invalidValue(field: field, value: path, rule: rule)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
