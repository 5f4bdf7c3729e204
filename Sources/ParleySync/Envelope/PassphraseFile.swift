import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file that holds an encrypted target's passphrase, so the daemon can sync without asking for it.
///
/// The passphrase guards every conversation on the target, so a file other users can read is refused rather than
/// used, and no error ever repeats the passphrase: errors name the file instead.
public enum PassphraseFile {
    /// Long enough to say that a passphrase is a line of text, not a key file.
    static let maximumBytes = 4096
    static let minimumCharacters = 8

    /// The passphrase in the file at `path`, without one trailing newline ("\n" or "\r\n").
    public static func read(path: String) throws(ParleyError) -> Data {
        let contents = try SecretFile.contents(path: path, field: "passphrase_file", maximumBytes: maximumBytes)
        try check(contents, path: path)
        return contents
    }

    /// Saves a passphrase typed at a prompt: written `0600` under a temporary name, then renamed over `path`, so
    /// the file is never readable by others and never half written.
    public static func write(_ passphrase: Data, to path: String) throws(ParleyError) {
        try check(passphrase, path: path)
        guard !passphrase.contains(UInt8(ascii: "\n")), !passphrase.contains(UInt8(ascii: "\r")) else {
            throw refusal(path, "would hold a passphrase with a line break; a passphrase is one line")
        }
        guard passphrase.count < maximumBytes else {
            throw refusal(
                path, "would hold a passphrase of \(passphrase.count) bytes; the limit is \(maximumBytes - 1)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".tmp-\(random)-\(name)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw refusal(path, "cannot be created: \(systemError())") }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: passphrase + Data("\n".utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary)
            throw refusal(path, "cannot be written: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw refusal(path, "cannot be renamed into place: \(reason)")
        }
    }

    /// Refuses an empty or short passphrase; the message names the file, never the passphrase.
    private static func check(_ passphrase: Data, path: String) throws(ParleyError) {
        guard !passphrase.isEmpty else { throw refusal(path, "holds an empty passphrase") }
        let characters = String(decoding: passphrase, as: UTF8.self).count
        guard characters >= minimumCharacters else {
            throw refusal(
                path, "holds a passphrase of \(characters) characters; use at least \(minimumCharacters)")
        }
    }

    private static func refusal(_ path: String, _ rule: String) -> ParleyError {
        .invalidValue(field: "passphrase_file", value: path, rule: rule)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
