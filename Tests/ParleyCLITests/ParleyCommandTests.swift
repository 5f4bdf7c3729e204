import Foundation
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Runs the built `parley` binary as a user would.
@Suite struct ParleyCommandTests {
    private let temporary = TemporaryFolder(prefix: "parley-cli-")
    /// Not created yet: `parley doctor` must create it, private to the user.
    private var folder: String { temporary.file("home") }

    /// The `parley` executable built beside this test bundle.
    private var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley")
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (output, errors) = try ProcessLaunch.serialized {
            let pipes = (Pipe(), Pipe())
            process.standardOutput = pipes.0
            process.standardError = pipes.1
            try process.run()
            return pipes
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func printsItsVersion() throws {
        let (status, output, _) = try run(["--version"])
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func doctorCreatesTheStoreInParleyHomeAndReportsIt() throws {
        let (status, output, errors) = try run(["doctor"], environment: ["PARLEY_HOME": folder])
        #expect(status == 0, "\(errors)")
        #expect(output.contains("database         \(folder)/parley.sqlite"))
        #expect(output.contains("schema version   \(EmbeddedMigrations.all.last?.name ?? "?")"))
        #expect(output.contains("journal mode     wal"))
        #expect(output.contains("integrity        ok"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func doctorReportsCountsAsJSON() async throws {
        let path = folder + "/chats.sqlite"
        let store = try ParleyStore.open(path: path)
        let conversation = try await store.conversations.create(NewConversation(title: "t", system: "be kind"))
        _ = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("hi")))
        try store.close()
        let (status, output, errors) = try run(["doctor", "--database", path, "--json"])
        #expect(status == 0, "\(errors)")
        let report = try JSONDecoder().decode(StoreReport.self, from: Data(output.utf8))
        #expect(report.conversations == 1)
        #expect(report.messages == 2)
        #expect(report.databasePath == path)
        #expect(report.deviceID == store.deviceID)
    }

    @Test func doctorRefusesAFileThatIsNotADatabase() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/notes.sqlite"
        try Data("just text".utf8).write(to: URL(fileURLWithPath: path))
        let (status, _, errors) = try run(["doctor", "--database", path])
        #expect(status != 0)
        #expect(errors.contains("not an SQLite database"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "just text")
    }
}
