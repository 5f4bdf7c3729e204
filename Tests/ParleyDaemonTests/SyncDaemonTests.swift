import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// Two real daemons, each with its own data folder and socket, syncing through one encrypted target folder:
/// set up from the CLI and over the API, on demand and in the background, with events and status.
@Suite(.serialized) struct SyncDaemonTests {
    @Test func twoDaemonsConvergeThroughAnEncryptedFolder() throws {
        let target = TemporaryFolder(prefix: "parley-sync-target-")
        let secrets = TemporaryFolder(prefix: "parley-secrets-")
        for name in ["first", "second", "wrong"] {
            let text = name == "wrong" ? "not the passphrase" : "a long shared passphrase"
            #expect(
                FileManager.default.createFile(
                    atPath: secrets.file(name), contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
        }
        let first = try DaemonHarness().start()
        let second = try DaemonHarness(environment: ["PARLEY_SYNC_INTERVAL": "1"]).start()

        let initialised = try first.run([
            "sync", "init", target.path, "--passphrase-file", secrets.file("first"), "--socket", first.socketPath,
        ])
        #expect(initialised.status == 0, "\(initialised.errors)")
        #expect(initialised.output.contains("(encrypted)"))
        let client = try first.client()
        let conversation = try client.call("conversation.create", ["title": "synced across machines"])
        let id = conversation["id"] ?? .null
        for text in ["How do I sync?", "Through a shared folder 文件夹"] {
            _ = try client.call("message.append", ["conversation_id": id, "role": "user", "content": .string(text)])
        }
        let ran = try first.run(["sync", "--json", "--socket", first.socketPath])
        #expect(ran.status == 0, "\(ran.errors)")
        let firstReport = try JSONValue.parse(ran.output)
        #expect(firstReport["exported_segments"] == 1)

        let other = try second.client()
        // Subscribed before sync is set up: the second daemon's background sync (every second here) may import
        // the segment before the run below does, and its event must not be missed either way.
        let watcher = try second.client()
        _ = try watcher.call("subscribe", ["topics": ["sync"]])
        let wrong = remoteError {
            try other.call(
                "sync.configure", ["target": .string(target.path), "passphrase_file": .string(secrets.file("wrong"))])
        }
        #expect(wrong?.code == -32004)
        #expect(wrong?.message.contains("passphrase is wrong") == true)
        let configured = try other.call(
            "sync.configure", ["target": .string(target.path), "passphrase_file": .string(secrets.file("second"))])
        #expect(configured["encrypted"] == true)
        // Runs never overlap, so once this one returns the segment is imported, by it or by a background run.
        let report = try other.call("sync.run")
        #expect(report["skipped"] == [])
        let event = try #require(try watcher.nextNotification())
        #expect(event["params"]?["type"] == "sync.imported")
        #expect(event["params"]?["conversation_id"] == id)
        let messages = try other.call("message.list", ["conversation_id": id])
        #expect(messages["items"]?.arrayValue?.count == 2)

        // Nothing on the target is readable without the passphrase.
        for file in try FileManager.default.subpathsOfDirectory(atPath: target.path) where file.hasSuffix(".seg") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: target.path + "/" + file))
            #expect(bytes.range(of: Data("shared folder".utf8)) == nil)
        }

        // The second daemon syncs every second on its own: a new message arrives without asking.
        _ = try client.call("message.append", ["conversation_id": id, "role": "assistant", "content": "Like this."])
        _ = try client.call("sync.run")
        var arrived = false
        for _ in 0..<300 where !arrived {
            Thread.sleep(forTimeInterval: 0.1)
            arrived = try other.call("message.list", ["conversation_id": id])["items"]?.arrayValue?.count == 3
        }
        #expect(arrived, "\(second.log())")
        _ = try client.call("sync.run")
        _ = try other.call("sync.run")
        _ = try client.call("sync.run")

        let firstStatus = try client.call("sync.status")
        let secondStatus = try other.call("sync.status")
        #expect(firstStatus["content_hash"] == secondStatus["content_hash"])
        #expect(firstStatus["target_kind"] == "folder")
        #expect(firstStatus["reachable"] == true)
        let peer = firstStatus["peers"]?.arrayValue?.first
        #expect(peer?["device_id"] == secondStatus["device_id"])
        #expect(peer?["verdict"] == "in_sync", "\(firstStatus)")
        let status = try first.run(["sync", "status", "--socket", first.socketPath])
        #expect(status.output.contains("in sync"), "\(status.output)")
        #expect(first.stop() == 0)
        #expect(second.stop() == 0)
        let doctor = try first.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor.output)\(doctor.errors)")
        #expect(doctor.output.contains("in sync"))
    }
}
