import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 (port chosen by the system) that answers each request with the next
/// scripted response, and records what it received.
public final class FakeDeepSeekServer: Sendable {
    /// One scripted answer.
    public struct Response: Sendable {
        public var status: Int = 200
        public var headers: [(String, String)] = []
        /// Written in order, each after its delay in milliseconds.
        public var parts: [(delayMilliseconds: Int, bytes: String)] = []
        /// Close the connection after the parts instead of ending the response.
        public var dropAfterParts = false

        public init(
            status: Int = 200, headers: [(String, String)] = [],
            parts: [(delayMilliseconds: Int, bytes: String)] = [], dropAfterParts: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.parts = parts
            self.dropAfterParts = dropAfterParts
        }

        /// A streamed answer: each chunk as a `data:` event, then `data: [DONE]`.
        public static func stream(_ chunks: [String], done: Bool = true, delayMilliseconds: Int = 0) -> Response {
            var parts = chunks.map { (delayMilliseconds, "data: \($0)\n\n") }
            if done { parts.append((delayMilliseconds, "data: [DONE]\n\n")) }
            return Response(headers: [("Content-Type", "text/event-stream")], parts: parts)
        }

        public static func json(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json")] + headers, parts: [(0, body)])
        }
    }

    /// A request as received.
    public struct Received: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: Data
    }

    private struct State {
        var script: [Response] = []
        public var received: [Received] = []
    }

    private let state = Mutex(State())
    private let channel: any Channel
    public let baseURL: String

    public init() throws {
        let box = StateBox()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptHandler(server: box))
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        baseURL = "http://127.0.0.1:\(channel.localAddress!.port!)"
        box.server.withLock { $0 = self }
    }

    public func close() {
        try? channel.close().wait()
    }

    deinit {
        channel.close(promise: nil)
    }

    /// Queues answers for the next requests, in order.
    public func script(_ responses: Response...) {
        state.withLock { $0.script.append(contentsOf: responses) }
    }

    public var received: [Received] { state.withLock { $0.received } }

    fileprivate func next(for request: Received) -> Response {
        state.withLock { state in
            state.received.append(request)
            guard !state.script.isEmpty else {
                return .json(#"{"error":{"message":"nothing scripted","type":"test","code":"none"}}"#, status: 500)
            }
            return state.script.removeFirst()
        }
    }
}

/// Lets handlers reach the server, which exists only after its channel is bound.
private final class StateBox: Sendable {
    let server = Mutex<FakeDeepSeekServer?>(nil)
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: StateBox
    private var head: HTTPRequestHead?
    private var body = Data()

    init(server: StateBox) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
            body = Data()
        case var .body(buffer):
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .end:
            guard let head, let server = server.server.withLock({ $0 }) else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let response = server.next(
                for: .init(method: "\(head.method)", path: head.uri, headers: headers, body: body))
            respond(response, context: context)
        }
    }

    private func respond(_ response: FakeDeepSeekServer.Response, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        if response.parts.count == 1, !response.dropAfterParts, response.parts[0].delayMilliseconds == 0 {
            headers.add(name: "Content-Length", value: "\(response.parts[0].bytes.utf8.count)")
        }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        writeParts(response, from: 0, loopBound)
    }

    private func writeParts(
        _ response: FakeDeepSeekServer.Response, from index: Int,
        _ loopBound: NIOLoopBound<(ScriptHandler, ChannelHandlerContext)>
    ) {
        let (handler, context) = loopBound.value
        guard index < response.parts.count else {
            if response.dropAfterParts {
                context.close(promise: nil)
            } else {
                context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
            }
            return
        }
        let part = response.parts[index]
        context.eventLoop.scheduleTask(in: .milliseconds(Int64(part.delayMilliseconds))) {
            let (handler, context) = loopBound.value
            let buffer = context.channel.allocator.buffer(string: part.bytes)
            context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            handler.writeParts(response, from: index + 1, loopBound)
        }
    }
}
