import Synchronization

/// Idle easy handles kept for reuse, so consecutive requests to one server share its connection.
final class CurlHandlePool: Sendable {
    /// Handles are only touched by one transfer at a time; the pool hands each to one owner.
    private struct Idle: @unchecked Sendable {
        var handles: [CurlEasy] = []
    }

    private let idle = Mutex(Idle())
    private let maximumIdle: Int

    init(maximumIdle: Int = 8) {
        self.maximumIdle = maximumIdle
    }

    func take() throws(TransferError) -> CurlEasy {
        if let handle = idle.withLock({ $0.handles.popLast() }) { return handle }
        return try CurlEasy()
    }

    /// Keeps `handle` for the next transfer, cleared of this one's options (and of its callbacks' context).
    func giveBack(_ handle: CurlEasy) {
        handle.reset()
        idle.withLock { idle in
            if idle.handles.count < maximumIdle { idle.handles.append(handle) }
        }
    }
}
