import Dispatch
import Synchronization

/// Hands batches from the thread that reads and maps an export to the task that stores them, at most
/// `capacity` ahead, so reading the next batch overlaps storing this one while memory stays bounded.
///
/// The reader runs on a thread of its own (``ImportReaderThread``): it blocks when it is too far ahead, which
/// must not happen on Swift's cooperative pool.
final class ImportHandoff: Sendable {
    let batches: AsyncStream<ImportBatch>
    private let continuation: AsyncStream<ImportBatch>.Continuation
    private let slots: DispatchSemaphore
    private let cancelled = Atomic<Bool>(false)

    init(capacity: Int = 2) {
        (batches, continuation) = AsyncStream<ImportBatch>.makeStream()
        slots = DispatchSemaphore(value: capacity)
    }

    /// Called by the reader; waits while `capacity` batches are not yet stored. False once the writer gave up.
    func send(_ batch: ImportBatch) -> Bool {
        slots.wait()
        guard !cancelled.load(ordering: .acquiring) else { return false }
        continuation.yield(batch)
        return true
    }

    /// The reader is done (or failed).
    func finish() {
        continuation.finish()
    }

    /// The writer stored a batch: the reader may read one more.
    func stored() {
        slots.signal()
    }

    /// The writer stopped: a reader waiting or about to send stops too.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        slots.signal()
        continuation.finish()
    }
}
