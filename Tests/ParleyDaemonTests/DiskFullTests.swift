import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// A real daemon whose data folder is on a disk that fills up: writes are refused with the named error, reads
/// and subscriptions go on, and once space is freed writes work again without a restart, with everything that
/// was acknowledged still there and the database intact.
@Suite struct DiskFullTests {
    /// Text big enough that a few dozen appends need new pages in the log.
    static let paragraph = String(repeating: "A full disk must never cost a message. ", count: 200)

    @Test func aFullDiskRefusesWritesServesReadsAndRecoversWhenSpaceIsFreed() throws {
        let daemon = DaemonHarness()
        let disk = try SmallDisk(at: daemon.dataFolder, megabytes: 16)
        // The disk stays mounted until the daemon has stopped and the doctor has read the database.
        try withExtendedLifetime(disk) { try fillFreeAndCheck(daemon, disk) }
    }

    private func fillFreeAndCheck(_ daemon: DaemonHarness, _ disk: SmallDisk) throws {
        try daemon.start()
        let writer = try daemon.client()
        let watcher = try daemon.client()
        let conversation = try writer.call("conversation.create", ["title": "disk full"])
        let id = try #require(conversation["id"])
        _ = try watcher.call("subscribe", ["conversation_id": id])
        var acknowledged: [JSONValue] = []
        func append(_ text: String) throws -> RemoteError? {
            do {
                let message = try writer.call(
                    "message.append", ["conversation_id": id, "role": "user", "content": .string(text)])
                acknowledged.append(try #require(message["id"]))
                return nil
            } catch let ClientError.rpc(error) {
                return error
            }
        }
        for index in 0..<20 { #expect(try append("before \(index): \(Self.paragraph)") == nil) }

        try disk.fill()
        var refusal: RemoteError?
        for index in 0..<2_000 {
            refusal = try append("while full \(index): \(Self.paragraph)")
            if refusal != nil { break }
        }
        let error = try #require(refusal, "no append was refused on a full disk")
        #expect(error.code == -32007)
        #expect(error.message.contains("the disk is full"))
        #expect(error.message.contains(daemon.dataFolder))
        #expect(error.data?["folder"] == .string(daemon.dataFolder))
        #expect(try append("still full") != nil, "a second append on the full disk is refused too")

        // Reads and subscriptions need no room.
        #expect(try writer.call("conversation.get", ["id": id])["title"] == "disk full")
        let listed = try writer.call("message.list", ["conversation_id": id]).items
        #expect(listed.map { $0["id"] } == acknowledged)
        #expect(try writer.call("search.messages", ["query": "before"]).items.count == 20)
        let reader = try daemon.client()
        #expect(try reader.call("subscribe")["subscription"] != nil)
        #expect(try reader.call("system.ping")["pong"] == true)

        disk.free()
        #expect(try append("after freeing space") == nil)
        var appended: [JSONValue] = []
        while appended.count < acknowledged.count, let event = try watcher.nextNotification() {
            if event["params"]?["type"] == "message.appended" {
                appended.append(event["params"]?["message"]?["id"] ?? .null)
            }
        }
        #expect(appended == acknowledged, "the subscriber saw every acknowledged append, the last after freeing")

        // Acknowledged means on disk: a crash loses none of it, and the database checks out.
        daemon.crash()
        try daemon.start()
        let after = try daemon.client().call("message.list", ["conversation_id": id]).items
        #expect(after.map { $0["id"] } == acknowledged)
        #expect(daemon.stop() == 0)
        let doctor = try daemon.run(["doctor", "--database", daemon.dataFolder + "/parley.sqlite"])
        #expect(doctor.output.contains("integrity        ok"), "\(doctor.output)\(doctor.errors)")
        #expect(doctor.status == 0)
    }

    @Test func aFileSizeLimitIsRefusedLikeAFullDiskAndTheDaemonGoesOn() throws {
        let daemon = DaemonHarness()
        try daemon.start(launcher: ["/usr/bin/prlimit", "--fsize=\(3 << 20)", "--"])
        let client = try daemon.client()
        let id = try #require(try client.call("conversation.create", ["title": "limited"])["id"])
        var acknowledged: [JSONValue] = []
        var refusal: RemoteError?
        for index in 0..<2_000 where refusal == nil {
            do {
                let message = try client.call(
                    "message.append",
                    ["conversation_id": id, "role": "user", "content": .string("\(index) \(Self.paragraph)")])
                acknowledged.append(try #require(message["id"]))
            } catch let ClientError.rpc(error) {
                refusal = error
            }
        }
        let error = try #require(refusal, "no append was refused past the file size limit")
        #expect(error.code == -32007)
        #expect(error.message.contains("the file would grow past the largest size allowed"))
        #expect(try client.call("system.ping")["pong"] == true, "SIGXFSZ did not end the daemon")
        let listed = try client.call("message.list", ["conversation_id": id]).items
        #expect(listed.map { $0["id"] } == acknowledged)
        #expect(daemon.stop() == 0)
        let doctor = try daemon.run(["doctor", "--database", daemon.dataFolder + "/parley.sqlite"])
        #expect(doctor.output.contains("integrity        ok"), "\(doctor.output)\(doctor.errors)")
        #expect(doctor.output.contains("messages         \(acknowledged.count)"))
    }
}
