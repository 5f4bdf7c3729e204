import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs mounted for one test, so the test can fill a disk for real and free it again.
///
/// Mounting needs root (CI runs as root). Where it is not allowed the init throws that reason, so a full-disk
/// test fails saying why rather than passing without having filled anything.
public final class SmallDisk: @unchecked Sendable {
    public let path: String
    private let fillerPath: String

    public struct MountRefused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Mounts a tmpfs of `megabytes` at a new folder `path` (created, and removed again by deinit).
    public init(at path: String, megabytes: Int) throws {
        self.path = path
        fillerPath = path + "/.filler"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(megabytes)m,mode=0700") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: path)
            throw MountRefused(
                description: "cannot mount a \(megabytes) MiB tmpfs at \(path): \(reason); the full-disk tests need "
                    + "to mount one (run them as root, as CI does)")
        }
    }

    deinit {
        _ = umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a filler file until the disk refuses another byte with ENOSPC; returns how many bytes fit.
    @discardableResult
    public func fill() throws -> Int {
        guard
            let file = FileDescriptor(
                adopting: open(fillerPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600))
        else {
            throw MountRefused(description: "cannot create \(fillerPath): \(String(cString: strerror(errno)))")
        }
        var written = 0
        for chunk in [1 << 16, 4096, 512, 1] {
            let bytes = [UInt8](repeating: 0x2E, count: chunk)
            while true {
                let count = bytes.withUnsafeBytes { write(file.rawValue, $0.baseAddress, chunk) }
                if count > 0 {
                    written += count
                    continue
                }
                if errno == EINTR { continue }
                guard errno == ENOSPC else {
                    throw MountRefused(description: "filling \(path) failed: \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return written
    }

    /// Removes the filler, so the disk has room again.
    public func free() {
        unlink(fillerPath)
    }

    /// The bytes still free on the disk.
    public var availableBytes: Int {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { return -1 }
        return Int(status.f_bavail) * Int(status.f_frsize)
    }
}
