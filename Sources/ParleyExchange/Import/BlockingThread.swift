import Foundation
import ParleyCore

/// Runs blocking work (reading an export, writing one) on a thread of its own: it may wait on the disk or on
/// the writer for a long time, which a task on Swift's cooperative pool must never do, and its deep JSON
/// nesting gets a stack of a known size.
final class BlockingThread<Value: Sendable>: Sendable {
    private let outcome: Task<Result<Value, ParleyError>, Never>

    private init(outcome: Task<Result<Value, ParleyError>, Never>) {
        self.outcome = outcome
    }

    static func start(_ body: @escaping @Sendable () throws(ParleyError) -> Value) -> BlockingThread {
        let (stream, continuation) = AsyncStream<Result<Value, ParleyError>>.makeStream()
        let thread = Thread {
            do throws(ParleyError) {
                continuation.yield(.success(try body()))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        thread.stackSize = 16 << 20
        thread.name = "parley-exchange"
        thread.start()
        return BlockingThread(
            outcome: Task {
                for await result in stream { return result }
                return .failure(.storage(reason: "the exchange thread ended without a result"))
            })
    }

    /// Runs `body` on a new thread and waits for it.
    static func run(_ body: @escaping @Sendable () throws(ParleyError) -> Value) async throws(ParleyError) -> Value {
        try await start(body).result.get()
    }

    /// How the work ended, once it has.
    var result: Result<Value, ParleyError> {
        get async { await outcome.value }
    }
}
