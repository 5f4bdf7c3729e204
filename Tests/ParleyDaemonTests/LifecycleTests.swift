import Foundation
import ParleyClient
import ParleyCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Starting, stopping and crashing: one daemon per data folder, stale sockets replaced, graceful stops that
/// finish what they started, and nothing acknowledged lost even to `kill -9`.
@Suite struct LifecycleTests {
    @Test func aSecondDaemonOnTheSameDataFolderRefusesToStart() throws {
        let first = try DaemonHarness().start()
        let second = DaemonHarness(folder: first.folder, socketPath: first.folder + "/other/parley.sock")
        do {
            try second.start()
            Issue.record("a second daemon started on the same data folder")
        } catch let error as DaemonHarness.HarnessError {
            #expect("\(error)".contains("already serving the data folder"))
        }
        #expect(try first.client().call("system.ping")["pong"] == true)
    }

    @Test func aSecondDaemonOnTheSameSocketRefusesToStart() throws {
        let first = try DaemonHarness().start()
        let second = DaemonHarness(socketPath: first.socketPath)
        do {
            try second.start()
            Issue.record("a second daemon took over a live socket")
        } catch let error as DaemonHarness.HarnessError {
            #expect("\(error)".contains("already listening"))
        }
    }

    @Test func theSocketIsPrivate() throws {
        let daemon = try DaemonHarness().start()
        let socket = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        let folder = try FileManager.default.attributesOfItem(
            atPath: (daemon.socketPath as NSString).deletingLastPathComponent)
        #expect((socket[.posixPermissions] as? Int) == 0o600)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let database = try FileManager.default.attributesOfItem(atPath: daemon.dataFolder + "/parley.sqlite-wal")
        #expect((database[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anOpenSocketFolderIsRefused() throws {
        let daemon = DaemonHarness()
        try FileManager.default.createDirectory(
            atPath: daemon.folder + "/run", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        do {
            try daemon.start()
            Issue.record("the daemon listened in a folder other users can enter")
        } catch let error as DaemonHarness.HarnessError {
            #expect("\(error)".contains("open to other users"))
        }
    }

    @Test func sigtermFinishesRequestsInFlightAndClosesTheStore() throws {
        let daemon = try DaemonHarness().start()
        let client = try daemon.client()
        let conversation = try client.call("conversation.create", ["title": "term"])
        let id = try #require(conversation["id"]?.stringValue)
        var lines = ""
        for index in 0..<500 {
            lines +=
                #"{"jsonrpc":"2.0","id":\#(index),"method":"message.append","params":{"conversation_id":"\#(id)","role":"user","content":"m\#(index)"}}"#
                + "\n"
        }
        try client.sendRaw(lines)
        _ = try client.readLine()
        kill(try #require(daemon.daemonPID), SIGTERM)
        var acknowledged: [JSONValue] = []
        while let line = try client.readLine() {
            let reply = try JSONValue.parse(line)
            if let message = reply["result"]?["id"] { acknowledged.append(message) }
        }
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        // A clean close checkpoints everything into the database file and truncates the WAL.
        let wal = try? FileManager.default.attributesOfItem(atPath: daemon.dataFolder + "/parley.sqlite-wal")
        #expect((wal?[.size] as? Int ?? 0) == 0)
        try daemon.start()
        let after = try daemon.client()
        for message in acknowledged {
            #expect(try after.call("message.get", ["id": message])["conversation_id"] == .string(id))
        }
        let stored = try after.call("message.list", ["conversation_id": .string(id)]).items.count
        #expect(stored >= acknowledged.count + 1)
    }

    @Test func killDashNineLosesNothingAcknowledgedAndTheStaleSocketIsReplaced() throws {
        let daemon = try DaemonHarness().start()
        let conversation = try daemon.client().call("conversation.create", ["title": "crash"])
        let id = try #require(conversation["id"])
        let writers = 4
        let acknowledged = Acknowledged()
        let crashed = DispatchSemaphore(value: 0)
        for writer in 0..<writers {
            let client = UncheckedClient(try daemon.client())
            Thread.detachNewThread {
                var index = 0
                while true {
                    guard
                        let message = try? client.wrapped.call(
                            "message.append",
                            ["conversation_id": id, "role": "user", "content": .string("w\(writer) #\(index)")])
                    else { break }
                    acknowledged.add(message["id"] ?? .null)
                    index += 1
                }
                crashed.signal()
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while acknowledged.count < 300, Date() < deadline { usleep(5_000) }
        daemon.crash()
        for _ in 0..<writers { crashed.wait() }
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        try daemon.start()
        let client = try daemon.client()
        let ids = acknowledged.all
        #expect(ids.count >= 300)
        for message in ids {
            #expect(try client.call("message.get", ["id": message])["conversation_id"] == id)
        }
    }

    @Test func aPeerOfAnotherUserIsRefusedAndLogged() throws {
        try #require(getuid() == 0, "starting a daemon as another user needs root (CI runs the tests as root)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv (util-linux)")
        let daemon = DaemonHarness()
        try FileManager.default.setAttributes([.ownerAccountID: 65534], ofItemAtPath: daemon.folder)
        try daemon.start(
            launcher: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], waitForPing: false)
        // Root passes the folder's permissions, so only the daemon's own check stands in its way.
        let intruder = try daemon.client()
        if let error = remoteError({ try intruder.call("system.info") }) {
            #expect(error.message.contains("only its own user"))
        } else {
            Issue.record("a peer of another uid was served")
        }
        daemon.stop()
        #expect(daemon.log().contains("refused a connection from another user"))
    }
}

/// Message ids acknowledged by the daemon, collected from several writer threads.
private final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [JSONValue] = []

    func add(_ id: JSONValue) {
        lock.lock()
        ids.append(id)
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return ids.count
    }

    var all: [JSONValue] {
        lock.lock()
        defer { lock.unlock() }
        return ids
    }
}

/// A client handed to exactly one writer thread, which alone uses it from then on.
private struct UncheckedClient: @unchecked Sendable {
    let wrapped: DaemonClient

    init(_ wrapped: DaemonClient) {
        self.wrapped = wrapped
    }
}
