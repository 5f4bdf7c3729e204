import Foundation

/// An `ssh-agent` of the test's own in the foreground (`-D`), on a socket in `folder`; stopped (its own
/// process) when the value goes away.
public final class SSHAgent: @unchecked Sendable {
    public let socket: String
    private let agent: SpawnedProcess

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(in folder: TemporaryFolder) throws {
        socket = folder.file("agent.sock")
        let log = folder.file("agent.log")
        FileManager.default.createFile(atPath: log, contents: nil)
        agent = try SpawnedProcess("/usr/bin/ssh-agent", ["-D", "-a", socket], log: log)
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: socket) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        guard FileManager.default.fileExists(atPath: socket) else {
            throw Failure(description: "ssh-agent made no socket at \(socket)")
        }
    }

    /// Adds the private key at `key` (`ssh-add`).
    public func add(_ key: String) throws {
        let add = Process()
        add.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-add")
        add.arguments = ["-q", key]
        add.environment = ProcessInfo.processInfo.environment.merging(["SSH_AUTH_SOCK": socket]) { $1 }
        try ProcessLaunch.serialized {
            add.standardOutput = FileHandle.nullDevice
            add.standardError = FileHandle.nullDevice
            try add.run()
        }
        add.waitUntilExit()
        guard add.terminationStatus == 0 else { throw Failure(description: "ssh-add \(key) failed") }
    }
}
