import Synchronization

/// A number for each gateway request's generation, so the generations of one request can be told apart from
/// every other's; negative, so they never meet a JSON-RPC connection's number.
final class OwnerNumbers: Sendable {
    private let last = Atomic<Int>(0)

    func next() -> Int {
        last.subtract(1, ordering: .relaxed).newValue
    }
}
