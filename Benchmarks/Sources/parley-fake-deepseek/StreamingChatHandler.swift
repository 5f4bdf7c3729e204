import Foundation
import NIOCore
import NIOHTTP1
import StreamBenchSupport

/// Answers one connection's chat requests with streamed deltas, the way the API does: an SSE `data:` event per
/// delta, a last chunk with `finish_reason` and `usage`, then `data: [DONE]`.
///
/// Each delta is stamped with the monotonic clock just before it is written and flushed on its own, and the
/// next one waits for that write to finish (and for its slot `gap_us` after the stream began), so a receiver
/// that cannot keep up slows the stream instead of a backlog piling up in this process.
final class StreamingChatHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// Cleared when the connection closes, so a scheduled delta does not write to a context that is gone.
    private var open = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
            body.clear()
        case var .body(part):
            body.writeBuffer(&part)
        case .end:
            guard let head, head.method == .POST, head.uri.hasSuffix("/chat/completions") else {
                respond(.notFound, "only POST …/chat/completions is served", context: context)
                return
            }
            guard let shape = Self.shape(ofRequest: body) else {
                respond(.badRequest, "the last user message must read: deltas=N gap_us=G", context: context)
                return
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/event-stream")
            headers.add(name: "Cache-Control", value: "no-cache")
            // Not flushed: the head leaves with the first delta, as one write.
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))),
                promise: nil)
            send(delta: 0, of: shape, startedAt: MonotonicClock.nanoseconds(), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        open = false
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func send(delta index: Int, of shape: StreamShape, startedAt start: UInt64, context: ChannelHandlerContext)
    {
        guard open else { return }
        guard index < shape.deltas else {
            let usage = #"{"prompt_tokens":1,"completion_tokens":\#(shape.deltas),"total_tokens":\#(shape.deltas + 1)}"#
            let last = #"{"index":0,"delta":{},"finish_reason":"stop"}],"usage":\#(usage)}"#
            write(Self.chunkPrefix + last + "\n\ndata: [DONE]\n\n", context: context)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let content = DeltaStamp.content(sentAt: MonotonicClock.nanoseconds())
        let event = Self.chunkPrefix + #"{"index":0,"delta":{"content":"\#(content)"},"finish_reason":null}]}"# + "\n\n"
        write(event, context: context).assumeIsolated().whenComplete { result in
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            let due = start + UInt64(index + 1) * UInt64(shape.gapMicroseconds) * 1_000
            let now = MonotonicClock.nanoseconds()
            let loop = context.eventLoop.assumeIsolated()
            if due <= now {
                // Through the loop rather than recursively: a fast reader completes writes at once.
                loop.execute { self.send(delta: index + 1, of: shape, startedAt: start, context: context) }
            } else {
                loop.scheduleTask(in: .nanoseconds(Int64(due - now))) {
                    self.send(delta: index + 1, of: shape, startedAt: start, context: context)
                }
            }
        }
    }

    @discardableResult
    private func write(_ text: String, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))))
    }

    private func respond(_ status: HTTPResponseStatus, _ message: String, context: ChannelHandlerContext) {
        let body = #"{"error":{"message":"\#(message)","type":"invalid_request_error","code":"bench"}}"#
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private static let chunkPrefix = #"data: {"id":"c","model":"deepseek-v4-flash","choices":["#

    /// The shape asked for by the request's last user message.
    private static func shape(ofRequest body: ByteBuffer) -> StreamShape? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let messages = object["messages"] as? [[String: Any]],
            let prompt = messages.last(where: { $0["role"] as? String == "user" })?["content"] as? String
        else { return nil }
        return StreamShape(prompt: prompt)
    }
}
