import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyCore
import ParleyRPC
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Unix-socket server: accepts connections from the user's own processes and feeds their request lines
/// to the ``RPCDispatcher``, one connection per task so a failing client never touches another.
final class DaemonServer: Service {
    private let configuration: DaemonConfiguration
    private let dispatcher: RPCDispatcher
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let connections = ConnectionRegistry()
    private let serverChannel = Mutex<(any Channel)?>(nil)
    private let stopping = Atomic<Bool>(false)
    /// Set once the socket listens, so tests and `parley daemon` can tell the user.
    let listening: @Sendable () -> Void

    init(
        configuration: DaemonConfiguration, dispatcher: RPCDispatcher, logger: Logger,
        group: MultiThreadedEventLoopGroup, listening: @escaping @Sendable () -> Void
    ) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        self.group = group
        self.listening = listening
    }

    /// An accepted connection and the credentials of the process behind it.
    private struct Accepted: Sendable {
        var channel: NIOAsyncChannel<ByteBuffer, ConnectionOutput>
        var responder: NIOLoopBound<ImmediateResponder>
        var peerUID: UInt32
        var peerPID: Int32
    }

    func run() async throws {
        try SocketFile.prepare(path: configuration.socketPath)
        let maximumLineBytes = configuration.maximumLineBytes
        let timeout = configuration.partialLineTimeoutSeconds
        let dispatcher = dispatcher
        let connections = connections
        let previousMask = umask(0o177)
        let server: NIOAsyncChannel<Accepted, Never>
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: configuration.socketPath) { channel in
                    Self.credentials(of: channel).flatMapThrowing { credentials in
                        let responder = ImmediateResponder(dispatcher: dispatcher, registry: connections)
                        try channel.pipeline.syncOperations.addHandlers(
                            LineFramer(maximumLineBytes: maximumLineBytes, partialLineTimeoutSeconds: timeout),
                            responder)
                        let wrapped = try NIOAsyncChannel<ByteBuffer, ConnectionOutput>(
                            wrappingChannelSynchronously: channel)
                        return Accepted(
                            channel: wrapped, responder: NIOLoopBound(responder, eventLoop: channel.eventLoop),
                            peerUID: credentials.uid, peerPID: credentials.pid)
                    }
                }
        } catch {
            umask(previousMask)
            throw DaemonError.cannotStart("cannot listen on \(configuration.socketPath): \(error)")
        }
        umask(previousMask)
        chmod(configuration.socketPath, 0o600)
        serverChannel.withLock { $0 = server.channel }
        if stopping.load(ordering: .acquiring) { server.channel.close(promise: nil) }
        logger.info("listening", metadata: ["socket": "\(configuration.socketPath)"])
        listening()
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await accepted in inbound {
                        group.addTask { await self.serve(accepted) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        unlink(configuration.socketPath)
        logger.info("stopped accepting; every connection is closed")
    }

    /// Stops accepting, closes idle connections and lets busy ones finish their request; generations stop at
    /// once and keep their text as drafts.
    func beginShutdown() {
        stopping.store(true, ordering: .releasing)
        logger.info("shutting down: finishing requests in flight")
        dispatcher.completions.stopAll()
        serverChannel.withLock { $0 }?.close(promise: nil)
        connections.shutDown()
    }

    private func serve(_ accepted: Accepted) async {
        let ownUID = UInt32(geteuid())
        guard accepted.peerUID == ownUID else {
            logger.warning(
                "refused a connection from another user",
                metadata: ["peer_uid": "\(accepted.peerUID)", "peer_pid": "\(accepted.peerPID)"])
            await refuse(
                accepted.channel,
                RPCError(code: -32006, message: "refused: this daemon serves only its own user (uid \(ownUID))"))
            return
        }
        guard let number = connections.register(accepted.channel.channel, limit: configuration.maximumConnections)
        else {
            let limit = configuration.maximumConnections
            logger.warning("refused a connection over the limit", metadata: ["limit": "\(limit)"])
            await refuse(
                accepted.channel,
                stopping.load(ordering: .acquiring)
                    ? RPCError.unavailable("the daemon is shutting down")
                    : RPCError.limitExceeded(what: "the number of open connections", limit: limit))
            return
        }
        defer { connections.remove(number) }
        logger.debug("connection opened", metadata: ["connection": "\(number)", "peer_pid": "\(accepted.peerPID)"])
        let connection = ClientConnection(
            number: number, dispatcher: dispatcher, registry: connections, logger: logger)
        await connection.serve(accepted.channel, responder: accepted.responder)
        logger.debug("connection closed", metadata: ["connection": "\(number)"])
    }

    /// Tells a client why it is not served, then closes its connection.
    private func refuse(_ channel: NIOAsyncChannel<ByteBuffer, ConnectionOutput>, _ error: RPCError) async {
        try? await channel.executeThenClose { _, outbound in
            try await outbound.write(.notice(ClientConnection.lineBuffer(RPCDispatcher.errorLine(error))))
        }
    }

    #if os(Linux)
        /// Linux's `struct ucred`, which glibc declares only under `_GNU_SOURCE` and so Swift cannot see.
        private struct PeerCredentials: Sendable {
            var pid: Int32 = 0
            var uid: UInt32 = 0
            var gid: UInt32 = 0
        }
    #endif

    /// The uid and pid of the process at the other end of a Unix socket (`SO_PEERCRED`).
    private static func credentials(of channel: any Channel) -> EventLoopFuture<(uid: UInt32, pid: Int32)> {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else {
                return channel.eventLoop.makeFailedFuture(DaemonError.cannotStart("no socket options on a connection"))
            }
            let future: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
            return future.map { (uid: UInt32($0.uid), pid: Int32($0.pid)) }
        #else
            guard let provider = channel as? any SocketOptionProvider else {
                return channel.eventLoop.makeFailedFuture(DaemonError.cannotStart("no socket options on a connection"))
            }
            let future: EventLoopFuture<xucred> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_LOCAL), name: SocketOptionName(LOCAL_PEERCRED))
            return future.map { (uid: UInt32($0.cr_uid), pid: 0) }
        #endif
    }
}
