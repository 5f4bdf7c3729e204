import Foundation
import NIOCore
import ParleyRPC

/// What a connection's task writes: the reply to one request line it was handed (nil when the line held only
/// notifications), or a line that answers no request (an event, a notice before closing).
enum ConnectionOutput: Sendable {
    case reply(ByteBuffer?)
    case notice(ByteBuffer)
}

/// Answers the cheapest requests (lookups by id, `system.ping`, malformed lines) on the event loop that read
/// them, and hands every other line to the connection's task.
///
/// Creating a task, resuming it and hopping back for each request cost more than a lookup by id, so this is
/// what a single client's round trip and `message.get` throughput are made of. Replies stay in request order:
/// a line is answered here only while the task holds no earlier line of this connection, which the handler
/// knows because each line it hands over comes back through ``write(context:data:promise:)`` as a
/// ``ConnectionOutput/reply(_:)``. Until ``start(session:number:)`` every line goes to the task, so a refused
/// connection is never served here. The one exception is `chat.cancel`, answered here even behind earlier lines,
/// since the call it stops may be the one the task is running.
final class ImmediateResponder: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ConnectionOutput
    typealias OutboundOut = ByteBuffer

    private let dispatcher: RPCDispatcher
    private let registry: ConnectionRegistry
    private var serving: (session: RPCSession, number: Int)?
    /// Lines handed to the task and not yet answered by it.
    private var linesWithTask = 0
    /// Replies written here since the last flush; flushed once the socket's pending bytes are all read.
    private var unflushed = false

    init(dispatcher: RPCDispatcher, registry: ConnectionRegistry) {
        self.dispatcher = dispatcher
        self.registry = registry
    }

    /// Starts answering here, for a connection accepted as `number` with `session`. Call on the event loop.
    func start(session: RPCSession, number: Int) {
        serving = (session, number)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        if linesWithTask > 0, let (session, _) = serving, Self.mayOvertake(line),
            case let .answered(reply) = dispatcher.handleImmediately(
                line: Data(line.readableBytesView), session: session, unorderedOnly: true)
        {
            if let reply { context.writeAndFlush(wrapOutboundOut(ClientConnection.lineBuffer(reply)), promise: nil) }
            return
        }
        if linesWithTask == 0, let (session, number) = serving, registry.beginRequest(number) {
            let outcome = dispatcher.handleImmediately(line: Data(line.readableBytesView), session: session)
            if case let .answered(reply) = outcome {
                if let reply {
                    context.write(wrapOutboundOut(ClientConnection.lineBuffer(reply)), promise: nil)
                    unflushed = true
                }
                if registry.endRequest(number) { closeAfterWrites(context: context) }
                return
            }
            _ = registry.endRequest(number)
        }
        linesWithTask += 1
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let (session, _) = serving { dispatcher.connectionLost(session) }
        context.fireChannelInactive()
    }

    /// Whether a line may be a method that overtakes earlier requests; only those lines are parsed here while
    /// the task holds earlier ones, so pipelined requests are not parsed twice.
    private static func mayOvertake(_ line: ByteBuffer) -> Bool {
        line.readableBytesView.firstRange(of: overtakingMethodBytes) != nil
    }

    private static let overtakingMethodBytes = Array("chat.cancel".utf8)

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case let .reply(line):
            linesWithTask -= 1
            if let line {
                context.write(wrapOutboundOut(line), promise: promise)
            } else {
                promise?.succeed()
            }
        case let .notice(line):
            context.write(wrapOutboundOut(line), promise: promise)
        }
    }

    /// The daemon is stopping: the replies written so far go out, then the connection closes.
    private func closeAfterWrites(context: ChannelHandlerContext) {
        unflushed = false
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}
