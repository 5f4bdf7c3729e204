import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyGateway
import ParleyRPC
import ParleyStore
import ServiceLifecycle

/// The daemon: one store, one socket, every frontend. `run()` returns after SIGTERM or SIGINT once requests
/// in flight are answered and the store is closed.
public struct ParleyDaemon: Sendable {
    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        // Everything the daemon creates (database, WAL, lock, socket) is the user's alone.
        umask(0o077)
        // Past a file size limit (`ulimit -f`) a write then fails with EFBIG, which is refused like a full disk,
        // instead of SIGXFSZ ending the daemon in the middle of a transaction.
        signal(SIGXFSZ, SIG_IGN)
        #if os(Linux)
            // Tasks then run on the event loops, so a request read on a loop is answered on it without two
            // thread hops. Darwin allows this only from the main thread, which `run()` is not on there.
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        #endif
        try createDataFolder()
        let configFile = try DaemonConfigFile.load(path: configuration.configFilePath)
        let deepSeek = configFile.deepSeekConfiguration(environment: configuration.environment)
        let lock = try DataFolderLock(dataFolder: configuration.dataFolder)
        var storeConfiguration = StoreConfiguration()
        storeConfiguration.memoryMapBytes = configuration.memoryMapBytes
        let migrationLog = MigrationProgressLog(logger: logger)
        storeConfiguration.migrationProgress = { migrationLog.report($0) }
        let store = try ParleyStore.open(path: configuration.databasePath, configuration: storeConfiguration)
        logger.info(
            "store open",
            metadata: [
                "database": "\(store.path)", "device": "\(store.deviceID)",
                "migrated": "\(store.migrationsApplied.joined(separator: ","))",
            ])
        var rpc = RPCConfiguration()
        rpc.socketPath = configuration.socketPath
        rpc.maximumSubscriptionsPerConnection = configuration.maximumSubscriptionsPerConnection
        rpc.subscriberBufferEvents = configuration.subscriberBufferEvents
        rpc.maximumBatchSize = configuration.maximumBatchSize
        let prices = configFile.prices ?? .deepSeekDefault
        logger.info(
            "DeepSeek API", metadata: ["api": "\(deepSeek)", "prices": "\(prices.name)"])
        let dispatcher = RPCDispatcher(
            store: store, configuration: rpc, completions: ChatService(configuration: deepSeek, prices: prices))
        let group = MultiThreadedEventLoopGroup.singleton
        let logger = self.logger
        let server = DaemonServer(
            configuration: configuration, dispatcher: dispatcher, logger: logger, group: group,
            listening: { logger.notice("parley daemon ready", metadata: ["pid": "\(getpid())"]) })
        var gatewayServices: [any Service] = []
        var gatewaySocket: String?
        if let address = try configFile.gatewayAddress(
            flag: configuration.httpListen, environment: configuration.environment)
        {
            let socketPath = configuration.gatewaySocketPath
            try SocketFile.prepare(path: socketPath)
            let gateway = ParleyGateway(
                store: store, service: dispatcher.completions, events: dispatcher.subscribers,
                logger: Logger(label: "parley.gateway"))
            gatewayServices = gateway.services(tcp: address, socketPath: socketPath)
            gatewaySocket = socketPath
            logger.notice(
                "OpenAI-compatible gateway", metadata: ["listen": "\(address)", "socket": "\(socketPath)"])
        }
        let schedule = SyncSchedule(
            sync: dispatcher.sync, intervalSeconds: try configFile.syncInterval(environment: configuration.environment),
            logger: logger)
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: schedule, successTerminationBehavior: .ignore),
                ] + gatewayServices.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var failure: (any Error)?
        do {
            try await services.run()
        } catch {
            failure = error
        }
        if let gatewaySocket { unlink(gatewaySocket) }
        do {
            try store.close()
            logger.info("store closed")
        } catch {
            logger.error("closing the store failed", metadata: ["error": "\(error)"])
        }
        withExtendedLifetime(lock) {}
        if let failure { throw failure }
    }

    private func createDataFolder() throws(DaemonError) {
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.dataFolder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotStart(
                "cannot create the data folder \(configuration.dataFolder): \(error.localizedDescription)")
        }
    }

}
