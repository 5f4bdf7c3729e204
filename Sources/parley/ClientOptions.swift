import ArgumentParser
import Foundation
import ParleyClient
import ParleyCore

/// Options every client subcommand shares: where the daemon is and how to print.
struct ClientOptions: ParsableArguments {
    @Option(
        name: .long, help: "The daemon's socket (default: $PARLEY_SOCKET, else $XDG_RUNTIME_DIR/parley/parley.sock).")
    var socket: String?

    @Flag(name: .long, help: "Print one JSON value on stdout, for scripts.")
    var json = false

    var socketPath: String {
        socket ?? SocketPath(environment: ProcessInfo.processInfo.environment, userID: UInt32(getuid())).path
    }

    func connect() throws -> DaemonClient {
        try DaemonClient(socketPath: socketPath)
    }

    /// Prints `value` as one line of JSON.
    func printJSON(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self))
    }
}
