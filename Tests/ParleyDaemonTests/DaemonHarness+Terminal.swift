import Foundation
import ParleyTestSupport

extension DaemonHarness {
    /// Runs the `parley` command on a pseudo-terminal, so it prints what a user at a terminal sees: in colour,
    /// unless `NO_COLOR` is set. util-linux's `script` (essential on Debian) provides the terminal; line ends
    /// come back as `\n`.
    func runOnTerminal(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let command = ([Self.executable.path] + arguments).map(Self.shellQuoted).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
        process.environment = environment.filter { $0.key != "NO_COLOR" }
        let output = try ProcessLaunch.serialized {
            let pipes = (Pipe(), Pipe())
            process.standardOutput = pipes.0
            process.standardInput = pipes.1
            process.standardError = FileHandle.nullDevice
            try process.run()
            try pipes.1.fileHandleForWriting.close()
            return pipes.0
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return (process.terminationStatus, text)
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
