import Foundation
import ParleyCore

/// Where the daemon lives and the limits it enforces, with the documented defaults.
public struct DaemonConfiguration: Sendable {
    /// The folder holding `parley.sqlite` (see ``ParleyPaths``).
    public var dataFolder: String
    /// The Unix socket clients connect to (see ``SocketPath``).
    public var socketPath: String
    /// The longest request line accepted, in bytes. A 1M-token context is several MiB of JSON.
    public var maximumLineBytes = 64 << 20
    /// Client connections served at once; one more is told so and closed.
    public var maximumConnections = 256
    /// Subscriptions one connection may hold.
    public var maximumSubscriptionsPerConnection = 32
    /// Events buffered for a subscriber that does not read them before it is dropped.
    public var subscriberBufferEvents = 10_000
    /// How long a connection may sit on half a request line before it is told so and closed, in seconds.
    public var partialLineTimeoutSeconds: Int64 = 30
    /// Requests in one JSON-RPC batch.
    public var maximumBatchSize = 1_000
    /// Bytes of the database each connection memory-maps (default 0: none). A daemon runs for weeks beside
    /// everything else; mapped pages would count in its resident memory (hundreds of MiB on a big store)
    /// while SQLite's page cache and the kernel's file cache serve the same reads.
    public var memoryMapBytes = 0

    /// Where the OpenAI-compatible gateway listens, as `--http-listen` gave it; `PARLEY_HTTP_LISTEN` and
    /// `http_listen` in the config file are read when this is nil.
    public var httpListen: String?

    /// The gateway's Unix socket, beside the JSON-RPC one: `parley.sock` → `parley-http.sock`.
    public var gatewaySocketPath: String {
        let folder = (socketPath as NSString).deletingLastPathComponent
        var name = (socketPath as NSString).lastPathComponent
        if name.hasSuffix(".sock") { name.removeLast(5) }
        return (folder as NSString).appendingPathComponent(name + "-http.sock")
    }

    /// The config file with the API key, URLs, timeouts and prices (see `DaemonConfigFile`).
    public var configFilePath: String
    /// Where `DEEPSEEK_API_KEY`, `DEEPSEEK_BASE_URL` and `DEEPSEEK_BETA_URL` are read from.
    public var environment: [String: String] = [:]

    public init(dataFolder: String, socketPath: String, configFilePath: String? = nil) {
        self.dataFolder = dataFolder
        self.socketPath = socketPath
        self.configFilePath = configFilePath ?? dataFolder + "/config.json"
    }

    /// The paths the environment names: `PARLEY_HOME`/XDG for data, `PARLEY_SOCKET`/XDG for the socket and
    /// `PARLEY_CONFIG` for the config file.
    public init(environment: [String: String], userID: UInt32) {
        self.init(
            dataFolder: ParleyPaths(environment: environment).dataFolder,
            socketPath: SocketPath(environment: environment, userID: userID).path,
            configFilePath: environment["PARLEY_CONFIG"].flatMap { $0.isEmpty ? nil : $0 })
        self.environment = environment
    }

    public var databasePath: String { dataFolder + "/parley.sqlite" }
}
