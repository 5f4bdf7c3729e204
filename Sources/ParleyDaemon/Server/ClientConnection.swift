import Foundation
import Logging
import NIOCore
import ParleyRPC

/// Serves one client: the request lines its ``ImmediateResponder`` hands over, in order, each answered before
/// the next starts (so pipelined requests are answered in order), with its subscription events written between
/// replies.
struct ClientConnection {
    let number: Int
    let dispatcher: RPCDispatcher
    let registry: ConnectionRegistry
    let logger: Logger

    func serve(
        _ channel: NIOAsyncChannel<ByteBuffer, ConnectionOutput>, responder: NIOLoopBound<ImmediateResponder>
    )
        async
    {
        let number = number
        do {
            try await channel.executeThenClose { inbound, outbound in
                let session = dispatcher.openSession(number: number) { line in
                    try? await outbound.write(.notice(Self.lineBuffer(line)))
                }
                defer { dispatcher.closeSession(session) }
                responder.eventLoop.execute { responder.value.start(session: session, number: number) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await line in session.outbox.lines {
                            try await outbound.write(.notice(Self.lineBuffer(line)))
                            session.outbox.markWritten()
                        }
                    }
                    do {
                        try await answerRequests(inbound: inbound, outbound: outbound, session: session)
                    } catch let error as LineFramingError {
                        try await outbound.write(
                            .notice(Self.lineBuffer(RPCDispatcher.errorLine(Self.rpcError(for: error)))))
                        logger.notice(
                            "closed a connection", metadata: ["connection": "\(number)", "reason": "\(error)"])
                    }
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.debug("connection ended", metadata: ["connection": "\(number)", "error": "\(error)"])
        }
    }

    private func answerRequests(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ConnectionOutput>, session: RPCSession
    ) async throws {
        for try await line in inbound {
            guard registry.beginRequest(number) else { return }
            let reply = await dispatcher.handle(line: Data(line.readableBytesView), session: session)
            try await outbound.write(.reply(reply.map(Self.lineBuffer)))
            if registry.endRequest(number) { return }
        }
    }

    static func rpcError(for error: LineFramingError) -> RPCError {
        switch error {
        case let .lineTooLong(limit):
            RPCError(
                code: -32005,
                message: "a request line is over the limit of \(limit) bytes; the connection is closed",
                data: ["limit": "request line bytes", "maximum": .integer(Int64(limit))])
        case let .partialLineTimedOut(seconds):
            RPCError.invalidRequest(
                "half a request line arrived and nothing more for \(seconds) s; every request must end with a "
                    + "newline; the connection is closed")
        }
    }

    /// A reply or notification as bytes on the wire: the JSON and its newline.
    static func lineBuffer(_ line: Data) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: line.count + 1)
        buffer.writeBytes(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }
}
