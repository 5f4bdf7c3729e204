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
        /// Events not yet taken by the response, and the response waiting for the next ones.
        var pending: [ChatDelta] = []
        var finished = false
        var reader: CheckedContinuation<(events: [ChatDelta], waited: Bool)?, Never>?
    }

    private let forwarding: Bool
    private let state = Mutex(State())

    /// `forwarding`: the events are streamed to the frontend (else only summarised).
    init(forwarding: Bool) {
        self.forwarding = forwarding
    }

    func send(_ delta: ChatDelta) {
        if let chunk = delta.chunk { summarize(chunk, answering: delta.addsToAnswer) }
        let handOver = state.withLock {
            state -> (CheckedContinuation<(events: [ChatDelta], waited: Bool)?, Never>, [ChatDelta])? in
            state.sent += 1
            guard forwarding else { return nil }
            state.pending.append(delta)
            guard !delta.moreFollow, let reader = state.reader else { return nil }
            state.reader = nil
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (reader, state.pending)
        }
        if let (reader, batch) = handOver { reader.resume(returning: (batch, true)) }
        markStarted()
    }

    /// The events that arrived since the last call, all at once (so a response that fell behind catches up in
    /// one write), waiting for one when none has; nil once the answer ended and every event was taken.
    /// `waited` says whether none was there yet: a response that did not wait is behind.
    func next() async -> (events: [ChatDelta], waited: Bool)? {
        await withCheckedContinuation { (reader: CheckedContinuation<(events: [ChatDelta], waited: Bool)?, Never>) in
            let ready = state.withLock { state -> [ChatDelta]?? in
                if !state.pending.isEmpty {
                    defer { state.pending.removeAll(keepingCapacity: true) }
                    return .some(state.pending)
                }
                if state.finished { return .some(nil) }
                state.reader = reader
                return nil
            }
            if let ready { reader.resume(returning: ready.map { ($0, false) }) }
        }
    }

    /// The events that arrived since the last call, without waiting; empty when there are none.
    func ready() -> [ChatDelta] {
        state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
    }

    /// No more events: the answer ended, one way or another. A waiting response gets what is still pending
    /// first, then nil on its next call.
    func finish() {
        let handOver = state.withLock {
            state -> (CheckedContinuation<(events: [ChatDelta], waited: Bool)?, Never>, [ChatDelta])? in
            state.finished = true
            guard let reader = state.reader else { return nil }
            state.reader = nil
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (reader, state.pending)
        }
        if let (reader, batch) = handOver { reader.resume(returning: batch.isEmpty ? nil : (batch, true)) }
        markStarted()
    }

    /// Whether the answer ended before any event arrived.
    var isQuiet: Bool { state.withLock { $0.sent == 0 } }

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
        guard first || !answering || Self.mentionsUsage(chunk),
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

    private static let usageKey = Array(#""usage""#.utf8)

    /// Whether the chunk's text has a `"usage"` key, looked for in its bytes (`String.contains` goes through
    /// NSString on Linux, a tenth of the relay's time).
    static func mentionsUsage(_ chunk: String) -> Bool {
        var chunk = chunk
        return chunk.withUTF8 { bytes in
            guard bytes.count >= usageKey.count else { return false }
            var start = 0
            while start <= bytes.count - usageKey.count {
                if bytes[start] == usageKey[0], usageKey.indices.allSatisfy({ bytes[start + $0] == usageKey[$0] }) {
                    return true
                }
                start += 1
            }
            return false
        }
    }

    /// Whether a chunk only reports usage (no choices), which a frontend that did not ask for it is not sent.
    static func isUsageOnly(_ delta: ChatDelta) -> Bool {
        guard !delta.addsToAnswer, let chunk = delta.chunk, mentionsUsage(chunk),
            case let .object(object)? = try? JSONParser.parse(chunk.utf8)
        else { return false }
        return object["choices"] == nil || object["choices"] == .array([])
    }
}
