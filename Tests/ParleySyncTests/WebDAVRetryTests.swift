import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import ParleyTransfer
import Testing

/// How the WebDAV target meets a server that is busy or refuses, against a scripted HTTP server on 127.0.0.1:
/// busy answers are retried (honouring `Retry-After`), refusals are not, and a full server is a full disk.
@Suite struct WebDAVRetryTests {
    let server: FakeDeepSeekServer
    let target: WebDAVDirectory

    static let listing = """
        <?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:">\
        <D:response><D:href>/sync/parley/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/>\
        </D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\
        <D:response><D:href>http://127.0.0.1/sync/parley/a%20b.seg</D:href><D:propstat><D:prop><D:resourcetype/>\
        <D:getcontentlength>42</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
        <D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop>\
        <D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>\
        <D:response><D:href>/sync/parley/deeper/x.seg</D:href></D:response>\
        </D:multistatus>
        """

    init() throws {
        server = try FakeDeepSeekServer()
        var network = NetworkOptions()
        network.retry.firstDelaySeconds = 0.01
        network.retry.maximumDelaySeconds = 0.5
        target = try WebDAVDirectory(
            url: server.baseURL + "/sync", environment: ["NETRC": "/nonexistent"], network: network)
    }

    private func multistatus() -> FakeDeepSeekServer.Response {
        FakeDeepSeekServer.Response(
            status: 207, headers: [("Content-Type", "application/xml")], parts: [(0, Self.listing)])
    }

    @Test(arguments: [423, 429, 503])
    func aBusyServerIsAskedAgain(status: Int) async throws {
        server.script(.json("", status: status, headers: [("Retry-After", "0.1")]), multistatus())
        let entries = try #require(try await target.list(RemotePath(validating: "parley")))
        #expect(server.received.count == 2)
        #expect(server.received.allSatisfy { $0.method == "PROPFIND" && $0.headers["depth"] == "1" })
        // Decoded names of direct children only; the failed propstat does not make the file a folder.
        #expect(entries == [RemoteEntry(name: "a b.seg", kind: .file, size: 42)])
    }

    @Test(arguments: [401, 403])
    func refusedCredentialsAreReportedAtOnce(status: Int) async throws {
        server.script(.json("", status: status), multistatus())
        let refused = await ParleyErrorCapture.async { _ = try await target.list(RemotePath(validating: "parley")) }
        #expect(server.received.count == 1, "no second try")
        #expect(refused?.reason.contains("refused the credentials (HTTP \(status))") == true)
    }

    @Test func aServerThatStaysBusyGivesUpWithinTheBudget() async throws {
        for _ in 0..<10 { server.script(.json("", status: 503)) }
        let failed = await ParleyErrorCapture.async { _ = try await target.list(RemotePath(validating: "parley")) }
        #expect(failed?.reason.contains("stayed busy (HTTP 503)") == true)
        #expect(server.received.count == RetryPolicy().maximumAttempts)
    }

    @Test func aFullServerIsAFullDisk() async throws {
        server.script(.json("", status: 201), .json("", status: 507))
        do {
            try await target.write(Data("x".utf8), to: RemotePath(validating: "parley/x.seg"), replacing: false)
            Issue.record("a write to a full server succeeded")
        } catch {
            guard case let .diskFull(folder, reason) = error else {
                Issue.record("expected diskFull, got \(error)")
                return
            }
            #expect(folder == server.baseURL + "/sync")
            #expect(reason.contains("507"))
        }
        #expect(server.received.map(\.method) == ["PUT", "MOVE"])
        #expect(server.received.last?.headers["overwrite"] == "F")
    }

    @Test func aBodyThatIsNotMultistatusIsRefusedNamingTheFolder() async throws {
        server.script(.json("<html>login</html>", status: 207))
        let refused = await ParleyErrorCapture.async { _ = try await target.list(RemotePath(validating: "parley")) }
        #expect(refused?.reason.contains("not WebDAV's multistatus") == true)
        #expect(refused?.path?.hasSuffix("/sync/parley") == true)
    }
}
