import Foundation
import SyncBenchSupport

/// Debian's `rclone`, each upload a fresh process (its start-up, reading its configuration and connecting
/// included, as a user running it would see), with a configuration file of its own for the run's servers and
/// nothing of the caller's (`HOME` is the scratch folder's, no `RCLONE_*` or `AWS_*` variables but the config's
/// path).
struct Rclone {
    let executable: String
    let configuration: String
    private let environment: [String: String]
    private let errors: String

    init(executable: String, servers: TargetServers, scratch: URL) throws {
        self.executable = executable
        let home = scratch.appendingPathComponent("rclone-home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        configuration = scratch.appendingPathComponent("rclone.conf").path
        errors = scratch.appendingPathComponent("rclone.stderr").path
        environment = [
            "HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "RCLONE_CONFIG": configuration,
        ]
        let text = try servers.rcloneConfiguration { password in try Self.obscure(password, rclone: self) }
        guard
            FileManager.default.createFile(
                atPath: configuration, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SyncBenchError("cannot write \(configuration)") }
    }

    /// `rclone version`'s first line.
    func version() throws -> String {
        let output = errors + ".version"
        try ChildProcess.succeed([executable, "version"], environment: environment, output: output, errors: errors)
        return String((try String(contentsOfFile: output, encoding: .utf8)).split(separator: "\n").first ?? "")
    }

    /// Uploads one file as `destination` (`rclone copyto`), timed from the spawn to the exit.
    func copyFile(_ source: String, to destination: String) throws -> Double {
        try ChildProcess.succeed(
            [executable, "copyto", source, destination], environment: environment, errors: errors
        ).seconds
    }

    /// Uploads every file of the folder `source` into `destination` (`rclone copy --transfers N`), timed.
    func copyFolder(_ source: String, to destination: String, transfers: Int) throws -> Double {
        try ChildProcess.succeed(
            [executable, "copy", "--transfers", String(transfers), source, destination], environment: environment,
            errors: errors
        ).seconds
    }

    /// `rclone obscure`, which a password in rclone's configuration must go through.
    private static func obscure(_ password: String, rclone: Rclone) throws -> String {
        let output = rclone.errors + ".obscure"
        try ChildProcess.succeed(
            [rclone.executable, "obscure", password], environment: rclone.environment, output: output,
            errors: rclone.errors)
        return (try String(contentsOfFile: output, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
