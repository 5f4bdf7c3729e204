import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// Gateway tokens through the CLI and the API of a real daemon: shown once, kept only as a hash, listed without
/// the token, refused when the name is taken or malformed, and revoked at once.
@Suite struct TokenTests {
    @Test func aTokenIsShownOnceKeptAsAHashAndRevoked() throws {
        let daemon = try DaemonHarness().start()
        let created = try daemon.run(["token", "create", "open-webui", "--socket", daemon.socketPath])
        #expect(created.status == 0, "\(created.errors)")
        let token = try #require(created.output.split(separator: "\n").first.map(String.init))
        #expect(token.hasPrefix("pk-parley-") && token.count == "pk-parley-".count + 43, "\(token)")

        let json = try daemon.run(["token", "create", "aider", "--json", "--socket", daemon.socketPath])
        let issued = try JSONValue.parse(json.output)
        #expect(issued["name"] == "aider")
        #expect(issued["token"]?.stringValue?.hasPrefix("pk-parley-") == true)
        #expect(issued.objectValue?.keys.sorted() == ["name", "token"])

        let client = try daemon.client()
        let again = remoteError { try client.call("token.create", ["name": "open-webui"]) }
        #expect(again?.message.contains("already has a token") == true, "\(String(describing: again))")
        let malformed = remoteError { try client.call("token.create", ["name": "open webui"]) }
        #expect(malformed?.message.contains("letters, digits") == true, "\(String(describing: malformed))")

        let listed = try daemon.run(["token", "ls", "--socket", daemon.socketPath])
        #expect(listed.output.contains("open-webui") && listed.output.contains("aider"), "\(listed.output)")
        #expect(!listed.output.contains("pk-parley-"))
        let items = try client.call("token.list")["items"]?.arrayValue ?? []
        #expect(items.map { $0["name"] } == ["aider", "open-webui"])
        #expect(items.allSatisfy { $0["token"] == nil && $0["last_used_at"] == .null })

        let removed = try daemon.run(["token", "rm", "aider", "--socket", daemon.socketPath])
        #expect(removed.status == 0, "\(removed.errors)")
        let missing = remoteError { try client.call("token.revoke", ["name": "aider"]) }
        #expect(missing?.code == -32001, "\(String(describing: missing))")
        #expect(try client.call("token.list")["items"]?.arrayValue?.count == 1)
        #expect(daemon.stop() == 0)

        let database = try Data(contentsOf: URL(fileURLWithPath: daemon.dataFolder + "/parley.sqlite"))
        #expect(database.range(of: Data(token.utf8)) == nil, "the token itself is never stored")
        #expect(!daemon.log().contains(token), "nor logged")
    }
}
