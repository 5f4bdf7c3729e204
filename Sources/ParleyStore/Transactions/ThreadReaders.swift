import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Read-only connections, each owned by the one thread that asked for it, for lookups by id.
///
/// A read from `DatabasePool` takes a connection from GRDB's pool through a concurrent dispatch queue, a
/// semaphore and a group, then releases it the same way. When two threads read at once (a daemon's event
/// loops, each answering lookups) they collide there, and the loser sleeps and is woken: measured on
/// `message.get`, that took more time than the lookup itself. A connection per thread needs no hand-over at
/// all. There are at most ``maximumCount`` of them (one per event loop in the daemon); threads beyond that
/// read from the pool.
final class ThreadReaders: Sendable {
    static let maximumCount = 32

    private struct State {
        var byThread: [UInt: DatabaseQueue] = [:]
        var closed = false
    }

    private let path: String
    private let configuration: Configuration
    private let state = Mutex(State())

    init(path: String, configuration: Configuration) {
        var readOnly = configuration
        readOnly.readonly = true
        self.path = path
        self.configuration = readOnly
    }

    /// This thread's connection, opened on first use; nil once closed, when there are already
    /// ``maximumCount``, or when it cannot be opened (the caller then reads from the pool).
    func connection() -> DatabaseQueue? {
        let thread = Self.currentThread()
        let (existing, mayOpen) = state.withLock { state in
            (state.byThread[thread], !state.closed && state.byThread.count < Self.maximumCount)
        }
        if let existing { return existing }
        guard mayOpen, let opened = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        let kept = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.byThread[thread] = opened
            return true
        }
        if !kept { try? opened.close() }
        return kept ? opened : nil
    }

    /// Closes every connection; later reads go to the pool's (which the store closes next).
    func close() {
        let queues = state.withLock { state in
            state.closed = true
            defer { state.byThread = [:] }
            return Array(state.byThread.values)
        }
        for queue in queues { try? queue.close() }
    }

    private static func currentThread() -> UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }
}
