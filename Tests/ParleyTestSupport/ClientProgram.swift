import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real client program the tests drive Parley with (the `openai` SDK's Python, the `llm` CLI), from the
/// tests' virtual environment (`.venv-test`, which `make test-deps` fills), run to its end with a time limit.
public enum ClientProgram {
    public struct Finished: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// `.venv-test/bin/NAME` in the repository.
    public static func tool(_ name: String) throws -> String {
        let path = repository.appendingPathComponent(".venv-test/bin/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: run `make test-deps` (it makes .venv-test)")
        }
        return path
    }

    /// A script of `Tests/Clients`.
    public static func script(_ name: String) -> String {
        repository.appendingPathComponent("Tests/Clients/\(name)").path
    }

    /// Runs the program with `environment` added to the test's, and returns how it ended; one still running
    /// after `timeoutSeconds` is killed and reported as a failure.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 60
    ) throws -> Finished {
        let folder = NSTemporaryDirectory() + "pc-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outputPath = folder + "/out"
        let errorsPath = folder + "/err"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        try ProcessLaunch.serialized {
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try output.close()
            try errors.close()
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let finished = Finished(
            status: process.terminationStatus,
            output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "")
        if timedOut {
            throw Failure(
                description: "\(executable) \(arguments.joined(separator: " ")) ran over \(timeoutSeconds) s:\n"
                    + finished.errors)
        }
        return finished
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}
