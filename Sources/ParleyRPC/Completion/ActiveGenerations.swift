import ParleyCore
import ParleyDeepSeek
import ParleyTransfer
import Synchronization

/// Why a generation was stopped before the API finished it.
public enum StopReason: String, Sendable {
    /// `chat.cancel` named it.
    case cancelled
    /// The connection that asked for it closed.
    case disconnected
    /// The daemon is shutting down.
    case shutdown
}

/// The generations running now, by request id, so `chat.cancel` (from any connection), a closed connection
/// and a stopping daemon can each stop theirs.
final class ActiveGenerations: Sendable {
    /// One running generation: the flag its transfer watches and, once stopped, why.
    final class Generation: Sendable {
        let requestID: String
        let sessionNumber: Int
        let cancellation = CancellationFlag()
        private let reason = Mutex<StopReason?>(nil)

        init(requestID: String, sessionNumber: Int) {
            self.requestID = requestID
            self.sessionNumber = sessionNumber
        }

        /// The first reason it was stopped for, if it was.
        var stopReason: StopReason? { reason.withLock { $0 } }

        func stop(_ why: StopReason) {
            reason.withLock { $0 = $0 ?? why }
            cancellation.cancel()
        }
    }

    private struct State {
        var running: [String: Generation] = [:]
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Registers a generation, unless `requestID` is already running or the daemon is stopping.
    func start(requestID: String, sessionNumber: Int) -> Result<Generation, RPCError> {
        state.withLock { state in
            if state.shuttingDown { return .failure(.unavailable("the daemon is shutting down")) }
            guard state.running[requestID] == nil else {
                return .failure(
                    RPCError(
                        ParleyError.invalidValue(
                            field: "request_id", value: requestID, rule: "is already running; choose a new one")))
            }
            let generation = Generation(requestID: requestID, sessionNumber: sessionNumber)
            state.running[requestID] = generation
            return .success(generation)
        }
    }

    func finish(_ generation: Generation) {
        state.withLock { state in
            if state.running[generation.requestID] === generation { state.running[generation.requestID] = nil }
        }
    }

    /// Stops one generation; false when none runs under that id.
    func stop(requestID: String, _ why: StopReason) -> Bool {
        guard let generation = state.withLock({ $0.running[requestID] }) else { return false }
        generation.stop(why)
        return true
    }

    /// Stops the generations a closed connection started.
    func stopAll(ofSession number: Int) {
        let stopping = state.withLock { $0.running.values.filter { $0.sessionNumber == number } }
        for generation in stopping { generation.stop(.disconnected) }
    }

    /// Stops every generation and refuses new ones: the daemon is stopping.
    func stopAll() {
        let stopping = state.withLock { state in
            state.shuttingDown = true
            return Array(state.running.values)
        }
        for generation in stopping { generation.stop(.shutdown) }
    }
}
