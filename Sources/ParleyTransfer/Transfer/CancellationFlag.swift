import Synchronization

/// A flag a running transfer checks between chunks and at least once a second, and a retry between waits.
public final class CancellationFlag: Sendable {
    private let raised = Atomic(false)

    public init() {}

    public func cancel() { raised.store(true, ordering: .releasing) }
    public var isCancelled: Bool { raised.load(ordering: .acquiring) }
}
