import Foundation
import ParleyTestSupport
import ParleyTransfer
import Synchronization
import Testing

/// Requests of every shape the API client and the sync targets send, through libcurl to a real HTTP server on
/// 127.0.0.1: the method, headers and body arrive as given, and the status, headers and body come back.
@Suite struct CurlTransportTests {
    let server: FakeDeepSeekServer
    let transport = CurlTransport()

    init() throws {
        server = try FakeDeepSeekServer()
    }

    /// Performs `request` and returns its head and whole body.
    private func send(_ request: TransferRequest) async throws -> (TransferResponseHead, Data) {
        let received = Mutex(Data())
        let head = try await transport.perform(request, cancellation: CancellationFlag()) { _, bytes in
            received.withLock { $0.append(bytes) }
            return true
        }
        return (head, received.withLock { $0 })
    }

    @Test func aPutCarriesItsBodyAndTheAnswerComesBackWithItsStatusAndHeaders() async throws {
        server.script(.json(#"{"ok":true}"#, status: 201, headers: [("ETag", "\"v1\"")]))
        let (head, body) = try await send(
            TransferRequest(
                method: "PUT", url: server.baseURL + "/parley/a.seg", headers: ["If-None-Match: *"],
                body: Data("segment bytes".utf8)))
        #expect(head.status == 201)
        #expect(head.headers["etag"] == "\"v1\"")
        #expect(String(decoding: body, as: UTF8.self) == #"{"ok":true}"#)
        let request = try #require(server.received.first)
        #expect(request.method == "PUT")
        #expect(request.path == "/parley/a.seg")
        #expect(request.headers["if-none-match"] == "*")
        #expect(request.body == Data("segment bytes".utf8))
    }

    @Test(arguments: ["GET", "MOVE", "PROPFIND", "MKCOL", "DELETE"])
    func aRequestWithoutABodyIsSentWithItsMethod(method: String) async throws {
        server.script(.json("", status: 204))
        let (head, _) = try await send(
            TransferRequest(
                method: method, url: server.baseURL + "/dav/x",
                headers: ["Destination: \(server.baseURL)/dav/y", "Overwrite: F"]))
        #expect(head.status == 204)
        let request = try #require(server.received.first)
        #expect(request.method == method)
        #expect(request.headers["overwrite"] == "F")
        #expect(request.body.isEmpty)
    }

    @Test func aPostWithABodyIsAPost() async throws {
        server.script(.json("{}"))
        _ = try await send(TransferRequest(method: "POST", url: server.baseURL + "/p", body: Data("{}".utf8)))
        #expect(server.received.first?.method == "POST")
        #expect(server.received.first?.body == Data("{}".utf8))
    }

    @Test func aCancelledTransferEndsAsCancelled() async throws {
        server.script(.stream((0..<50).map { "\($0)" }, delayMilliseconds: 100))
        let cancellation = CancellationFlag()
        let chunks = Atomic(0)
        await #expect(throws: TransferError.cancelled) {
            _ = try await transport.perform(
                TransferRequest(method: "GET", url: server.baseURL + "/slow"), cancellation: cancellation
            ) { _, _ in
                if chunks.add(1, ordering: .relaxed).newValue == 2 { cancellation.cancel() }
                return true
            }
        }
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        let request = TransferRequest(method: "GET", url: "http://127.0.0.1:9/", connectTimeoutSeconds: 2)
        do {
            _ = try await send(request)
            Issue.record("a closed port answered")
        } catch let error as TransferError {
            guard case .connection = error else {
                Issue.record("expected a connection failure, got \(error)")
                return
            }
        }
    }
}
