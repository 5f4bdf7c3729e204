import NIOCore
import Synchronization

/// The open connections, whether each is serving a request, and whether the daemon is shutting down: what a
/// graceful stop needs to close idle connections at once and busy ones right after their request.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var busy: Bool
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextNumber = 1
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Registers a connection unless `limit` are open; returns its number, or nil when full or stopping.
    func register(_ channel: any Channel, limit: Int) -> Int? {
        state.withLock { state in
            guard !state.shuttingDown, state.entries.count < limit else { return nil }
            let number = state.nextNumber
            state.nextNumber += 1
            state.entries[number] = Entry(channel: channel, busy: false)
            return number
        }
    }

    func remove(_ number: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: number) }
    }

    /// Marks the start of a request; false when the daemon is stopping and the request must not start.
    func beginRequest(_ number: Int) -> Bool {
        state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.entries[number]?.busy = true
            return true
        }
    }

    /// Marks the end of a request; true when the daemon is stopping, so the connection should close now.
    func endRequest(_ number: Int) -> Bool {
        state.withLock { state in
            state.entries[number]?.busy = false
            return state.shuttingDown
        }
    }

    /// Starts a graceful stop: idle connections close now; busy ones close when their request ends.
    func shutDown() {
        let idle = state.withLock { state in
            state.shuttingDown = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
