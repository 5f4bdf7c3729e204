import ParleyCore
import ParleyDeepSeek
import ParleyTransfer
import Synchronization

/// Why a generation was stopped before the API finished it.
public enum StopReason: String, Sendable {
    /// `chat.cancel` named it.
    case cancelled
    /// The connection that asked for it closed (a JSON-RPC session, an HTTP client).
    case disconnected
    /// The daemon is shutting down.
    case shutdown
}

/// The generations running now, by request id, so `chat.cancel` (from any connection), a closed connection
/// and a stopping daemon can each stop theirs.
public final class ActiveGenerations: Sendable {
    /// One running generation: the flag its transfer watches and, once stopped, why.
    public final class Generation: Sendable {
        public let requestID: String
        /// The connection it runs for (a number the frontend adapter gave it), whose closing stops it.
        let owner: Int
        let cancellation = CancellationFlag()
        private let reason = Mutex<StopReason?>(nil)

        init(requestID: String, owner: Int) {
            self.requestID = requestID
            self.owner = owner
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
    func start(requestID: String, owner: Int) throws -> Generation {
        try state.withLock { state in
            if state.shuttingDown { throw ChatRunError.unavailable("the daemon is shutting down") }
            guard state.running[requestID] == nil else {
                throw ParleyError.invalidValue(
                    field: "request_id", value: requestID, rule: "is already running; choose a new one")
            }
            let generation = Generation(requestID: requestID, owner: owner)
            state.running[requestID] = generation
            return generation
        }
    }

    func finish(_ generation: Generation) {
        state.withLock { state in
            if state.running[generation.requestID] === generation { state.running[generation.requestID] = nil }
        }
    }

    /// Stops one generation; false when none runs under that id.
    public func stop(requestID: String, _ why: StopReason) -> Bool {
        guard let generation = state.withLock({ $0.running[requestID] }) else { return false }
        generation.stop(why)
        return true
    }

    /// Stops the generations a closed connection started.
    func stopAll(of owner: Int) {
        let stopping = state.withLock { $0.running.values.filter { $0.owner == owner } }
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
