import ArgumentParser
import Foundation
import Logging
import ParleyDaemon

extension Parley {
    /// `parley daemon`: serves the store on the socket in the foreground until SIGTERM or SIGINT.
    struct Daemon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the daemon in the foreground: the store, served on a Unix socket to every frontend.")

        @Option(name: .long, help: "The socket (default: $PARLEY_SOCKET, else $XDG_RUNTIME_DIR/parley/parley.sock).")
        var socket: String?

        @Option(name: .long, help: "The longest request line in bytes (default 64 MiB).")
        var maxLineBytes: Int?

        @Option(name: .long, help: "Connections served at once (default 256).")
        var maxConnections: Int?

        @Option(name: .long, help: "Subscriptions per connection (default 32).")
        var maxSubscriptions: Int?

        @Option(name: .long, help: "Events buffered for a slow subscriber before it is dropped (default 10000).")
        var subscriberBuffer: Int?

        @Option(name: .long, help: "Seconds a connection may sit on half a request line (default 30).")
        var partialLineTimeout: Int?

        @Option(name: .long, help: "Bytes of the database each connection memory-maps (default 0).")
        var mmapBytes: Int?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Serve the OpenAI-compatible gateway on this loopback address, e.g. 127.0.0.1:8300 (default: "
                    + "$PARLEY_HTTP_LISTEN, else http_listen in config.json, else off).",
                valueName: "address:port"))
        var httpListen: String?

        @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (default info).")
        var logLevel: String = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"] ?? "info"

        func validate() throws {
            for (name, value) in [
                ("--max-line-bytes", maxLineBytes), ("--max-connections", maxConnections),
                ("--max-subscriptions", maxSubscriptions), ("--subscriber-buffer", subscriberBuffer),
                ("--partial-line-timeout", partialLineTimeout),
            ] {
                if let value, value < 1 { throw ValidationError("\(name) must be at least 1, not \(value)") }
            }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
            }
        }

        func run() async throws {
            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var configuration = DaemonConfiguration(
                environment: ProcessInfo.processInfo.environment, userID: UInt32(getuid()))
            if let socket { configuration.socketPath = socket }
            if let maxLineBytes { configuration.maximumLineBytes = maxLineBytes }
            if let maxConnections { configuration.maximumConnections = maxConnections }
            if let maxSubscriptions { configuration.maximumSubscriptionsPerConnection = maxSubscriptions }
            if let subscriberBuffer { configuration.subscriberBufferEvents = subscriberBuffer }
            if let mmapBytes {
                guard mmapBytes >= 0 else { throw ValidationError("--mmap-bytes must be 0 or more, not \(mmapBytes)") }
                configuration.memoryMapBytes = mmapBytes
            }
            configuration.httpListen = httpListen
            if let partialLineTimeout { configuration.partialLineTimeoutSeconds = Int64(partialLineTimeout) }
            do {
                try await ParleyDaemon(configuration: configuration, logger: Logger(label: "parley.daemon")).run()
            } catch {
                FileHandle.standardError.write(Data("parley daemon: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
