import ArgumentParser
import Dispatch
import Foundation
import ParleyClient
import ParleyCore
import Synchronization

/// Runs one `chat.complete` for a command: streams it through a ``CompletionPrinter``, and turns Ctrl-C into
/// `chat.cancel` (sent on a second connection, since this one is busy reading the stream), so the text so far
/// is kept as a draft. A second Ctrl-C quits at once.
enum CompletionCall {
    static func run(
        _ params: [String: JSONValue], connection: DaemonClient, printer: inout CompletionPrinter
    ) throws -> JSONValue {
        let requestID = EntityID.generate().rawValue
        var params = params
        params["request_id"] = .string(requestID)
        let socketPath = connection.socketPath
        let interrupts = Interrupts()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            guard interrupts.first() else { exit(130) }
            _ = try? DaemonClient(socketPath: socketPath, receiveTimeoutSeconds: 5).call(
                "chat.cancel", ["request_id": .string(requestID)])
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        var printing = printer
        let result = try connection.call("chat.complete", params) { printing.print(notification: $0) }
        printer = printing
        printer.finish(result)
        if result["interrupted"] != nil, result["interrupted"] != .null { throw ExitCode(130) }
        return result
    }

    /// Counts Ctrl-C presses across the signal queue.
    private final class Interrupts: Sendable {
        private let presses = Atomic(0)

        /// True for the first press only.
        func first() -> Bool {
            presses.add(1, ordering: .relaxed).newValue == 1
        }
    }
}
