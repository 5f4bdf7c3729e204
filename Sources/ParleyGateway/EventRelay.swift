import ParleyCore
import ParleyDeepSeek
import Synchronization

/// The events of one upstream answer on their way to a frontend: queued in order for a streamed response,
/// and read for what a whole response needs (the completion's id, creation time, fingerprint and usage, as
/// the API sent them).
final class EventRelay: Sendable {
    /// What the API's chunks said about the answer as a whole.
    struct Summary: Sendable {
        var id: String?
        var created: JSONValue?
        var model: String?
        var systemFingerprint: JSONValue?
        var usage: JSONValue?
    }

    private struct State: Sendable {
        var started = false
        var sent = 0
        var waiter: CheckedContinuation<Void, Never>?
        var summary = Summary()
        var summarized = false
    }

    let events: AsyncStream<ChatDelta>
    private let continuation: AsyncStream<ChatDelta>.Continuation
    private let forwarding: Bool
    private let state = Mutex(State())

    /// `forwarding`: the events are streamed to the frontend (else only summarised).
    init(forwarding: Bool) {
        (events, continuation) = AsyncStream.makeStream(of: ChatDelta.self)
        self.forwarding = forwarding
    }

    func send(_ delta: ChatDelta) {
        if let chunk = delta.chunk { summarize(chunk, answering: delta.addsToAnswer) }
        if forwarding { continuation.yield(delta) }
        state.withLock { $0.sent += 1 }
        markStarted()
    }

    /// Whether the answer ended before any event arrived.
    var isQuiet: Bool { state.withLock { $0.sent == 0 } }

    /// No more events: the answer ended, one way or another.
    func finish() {
        continuation.finish()
        markStarted()
    }

    /// Returns once the first event has arrived or the answer has ended, so a failure before any answer can
    /// still be reported with its own HTTP status.
    func started() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.started { return true }
                state.waiter = waiter
                return false
            }
            if now { waiter.resume() }
        }
    }

    var summary: Summary { state.withLock { $0.summary } }

    private func markStarted() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.started = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Reads the first chunk, those that add nothing to the answer (the finish and usage chunks) and any that
    /// carry usage; the others only repeat the id.
    private func summarize(_ chunk: String, answering: Bool) {
        let first = state.withLock { state -> Bool in
            defer { state.summarized = true }
            return !state.summarized
        }
        guard first || !answering || chunk.contains("\"usage\""),
            case let .object(object)? = try? JSONParser.parse(chunk.utf8)
        else { return }
        state.withLock { state in
            if let id = object["id"]?.stringValue { state.summary.id = id }
            if let created = object["created"], created != .null { state.summary.created = created }
            if let model = object["model"]?.stringValue { state.summary.model = model }
            if let print = object["system_fingerprint"], print != .null { state.summary.systemFingerprint = print }
            if let usage = object["usage"], usage != .null { state.summary.usage = usage }
        }
    }

    /// Whether a chunk only reports usage (no choices), which a frontend that did not ask for it is not sent.
    static func isUsageOnly(_ delta: ChatDelta) -> Bool {
        guard !delta.addsToAnswer, let chunk = delta.chunk, chunk.contains("\"usage\""),
            case let .object(object)? = try? JSONParser.parse(chunk.utf8)
        else { return false }
        return object["choices"] == nil || object["choices"] == .array([])
    }
}
