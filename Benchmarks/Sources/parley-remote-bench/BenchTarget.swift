import Foundation
import ParleyStore

/// One place devices sync through and `rclone` uploads to: a folder on this disk, or one of the servers of
/// ``TargetServers``. Every measurement uses folders of its own under the target (`rounds`, `bulk`, `idle-2`, …),
/// so they never see each other's files.
struct BenchTarget: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case folder, sftp, wsgidav, apache, s3
    }

    let kind: Kind
    /// The row's name in the tables.
    let label: String
    /// The sync URL of `folder` under the target.
    let url: @Sendable (_ folder: String) -> String
    /// `HOME`, and `NETRC` or the AWS variables, for devices of this target.
    let environment: [String: String]
    /// The key file of an SFTP target; nothing for the others.
    let connection: TargetConnection
    /// What `rclone` calls `folder` under the target, with the remote of its generated configuration.
    let rclonePath: @Sendable (_ folder: String) -> String
    /// Where the server keeps `folder` on this disk (made before a device joins it), when it is a folder.
    let localFolder: (@Sendable (_ folder: String) -> String)?

    var isNetwork: Bool { kind != .folder }

    /// Makes `folder` exist where the server needs it before a sync URL names it (SFTP and WebDAV do not create
    /// the folder a URL names; S3 has no folders).
    func prepare(_ folder: String) throws {
        guard let localFolder else { return }
        try FileManager.default.createDirectory(atPath: localFolder(folder), withIntermediateDirectories: true)
    }
}
