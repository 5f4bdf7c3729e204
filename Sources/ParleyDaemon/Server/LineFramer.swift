import NIOCore

/// Why a connection's input stopped being read as request lines.
enum LineFramingError: Error, Equatable {
    /// A line grew past the limit before its newline arrived.
    case lineTooLong(limit: Int)
    /// Part of a line arrived, then nothing more for the timeout.
    case partialLineTimedOut(seconds: Int64)
}

/// Splits a connection's bytes into lines at `\n` (dropping a `\r` before it), refusing lines over a limit and
/// half lines left hanging, so one client cannot make the daemon buffer without bound or wait forever.
///
/// A half line's clock runs only while the daemon is asking for more input: a client that pipelines many
/// requests waits, its rest of a line unread in the socket, while the daemon is still answering the lines
/// before it (backpressure holds the reads back), and that wait is the daemon's, not the client's.
final class LineFramer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    private let maximumLineBytes: Int
    private let partialLineTimeout: TimeAmount
    private let timeoutSeconds: Int64
    private var buffer: ByteBuffer?
    /// How far into `buffer` no newline was found, so a long line arriving in pieces is scanned once.
    private var scanned = 0
    private var timeout: Scheduled<Void>?
    private var failed = false

    init(maximumLineBytes: Int, partialLineTimeoutSeconds: Int64) {
        self.maximumLineBytes = maximumLineBytes
        self.timeoutSeconds = partialLineTimeoutSeconds
        self.partialLineTimeout = .seconds(partialLineTimeoutSeconds)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var incoming = unwrapInboundIn(data)
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        emitLines(context: context)
    }

    private func emitLines(context: ChannelHandlerContext) {
        while var pending = buffer {
            let view = pending.readableBytesView
            guard let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanned = view.count
                if view.count > maximumLineBytes {
                    fail(context: context, .lineTooLong(limit: maximumLineBytes))
                } else if view.isEmpty {
                    buffer = nil
                    scanned = 0
                    cancelTimeout()
                } else {
                    cancelTimeout()
                }
                return
            }
            let length = newline - view.startIndex
            guard length <= maximumLineBytes else {
                fail(context: context, .lineTooLong(limit: maximumLineBytes))
                return
            }
            var line = pending.readSlice(length: length)!
            pending.moveReaderIndex(forwardBy: 1)
            buffer = pending.readableBytes == 0 ? nil : pending
            scanned = 0
            if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
            if buffer == nil { cancelTimeout() }
            if line.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(line)) }
        }
    }

    /// The daemon wants more input: from now on a half line waits on the client.
    func read(context: ChannelHandlerContext) {
        if let buffer, buffer.readableBytes > 0, !failed { restartTimeout(context: context) }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A client that half-closes after its last line may leave out the final newline; serve that line.
        if let event = event as? ChannelEvent, event == .inputClosed, let rest = buffer, rest.readableBytes > 0,
            !failed
        {
            buffer = nil
            cancelTimeout()
            context.fireChannelRead(wrapInboundOut(rest))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimeout()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimeout()
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ error: LineFramingError) {
        failed = true
        buffer = nil
        cancelTimeout()
        context.fireErrorCaught(error)
    }

    private func restartTimeout(context: ChannelHandlerContext) {
        cancelTimeout()
        let seconds = timeoutSeconds
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: partialLineTimeout) {
            let (framer, context) = loopBound.value
            framer.fail(context: context, .partialLineTimedOut(seconds: seconds))
        }
    }

    private func cancelTimeout() {
        timeout?.cancel()
        timeout = nil
    }
}
