import Foundation
import ParleyCore
import ParleyTransfer
import Synchronization

/// The chat API's client: sends a request, relays the streamed answer as it arrives, and returns the whole
/// answer, retrying what may be retried and keeping what arrived when a stream is cut off.
public final class DeepSeekClient: Sendable {
    public let configuration: DeepSeekConfiguration
    private let transport = CurlTransport()

    public init(configuration: DeepSeekConfiguration) {
        self.configuration = configuration
    }

    /// Which of the API's endpoints a request goes to.
    public enum Endpoint: Sendable {
        /// `POST {base}/chat/completions`.
        case chat
        /// `POST {beta}/chat/completions`: prefix continuation.
        case chatBeta
        /// `POST {beta}/completions`: fill in the middle.
        case fim

        func url(_ configuration: DeepSeekConfiguration) -> String {
            switch self {
            case .chat: configuration.baseURL + "/chat/completions"
            case .chatBeta: configuration.betaURL + "/chat/completions"
            case .fim: configuration.betaURL + "/completions"
            }
        }
    }

    /// Sends a chat request (`body` is the API's request object; its `stream` decides how the answer comes)
    /// and returns the answer. `onDelta` receives each streamed event in order (every chunk, with what it
    /// added to the answer, and every keep-alive), on the transfer's thread.
    ///
    /// Throws ``DeepSeekError/interrupted(partial:reason:)`` with the text so far when a started stream stops,
    /// and ``DeepSeekError/transport(_:)`` with ``TransferError/cancelled`` when cancelled before it.
    public func chat(
        _ body: JSONValue, endpoint: Endpoint = .chat, cancellation: CancellationFlag = CancellationFlag(),
        onDelta: @escaping @Sendable (ChatDelta) -> Void = { _ in }
    ) async throws(DeepSeekError) -> ChatCompletion {
        let streamed = body["stream"] == .bool(true)
        let request = try transferRequest(body, endpoint: endpoint)
        var budget = RetryBudget(policy: configuration.retry)
        while true {
            budget.startAttempt()
            let reading = ResponseReader(streamed: streamed, onDelta: onDelta)
            let failure: DeepSeekError
            let retryAfter: Double?
            do {
                let head = try await transport.perform(request, cancellation: cancellation) { head, bytes in
                    reading.read(head, bytes)
                }
                switch reading.finish(status: head.status) {
                case let .success(completion): return completion
                case let .failure(error): failure = error
                }
                retryAfter = RetryPolicy.retryAfterSeconds(head.headers["retry-after"])
            } catch {
                if let partial = reading.started { throw .interrupted(partial: partial, reason: .transport(error)) }
                failure = .transport(error)
                retryAfter = nil
            }
            guard failure.isRetryable, let delay = budget.delayBeforeRetry(retryAfter: retryAfter) else {
                throw failure
            }
            do {
                try await RetryBudget.wait(delay, cancellation: cancellation)
            } catch {
                throw .transport(error)
            }
        }
    }

    private func transferRequest(_ body: JSONValue, endpoint: Endpoint) throws(DeepSeekError) -> TransferRequest {
        guard let key = configuration.apiKey, !key.isEmpty else { throw .missingAPIKey }
        let bytes: [UInt8]
        do {
            bytes = try JSONStreamEncoder.encodeBytes(body)
        } catch {
            throw .malformed("the request could not be encoded: \(error)")
        }
        return TransferRequest(
            method: "POST", url: endpoint.url(configuration),
            headers: [
                "Authorization: Bearer \(key)", "Content-Type: application/json",
                "Accept: \(body["stream"] == .bool(true) ? "text/event-stream" : "application/json")",
            ],
            body: Data(bytes), connectTimeoutSeconds: configuration.connectTimeoutSeconds,
            idleTimeoutSeconds: configuration.idleTimeoutSeconds)
    }

}

/// One attempt's response as it arrives: an error body, a whole body, or a stream of events.
private final class ResponseReader: Sendable {
    private struct State: Sendable {
        var parser = ServerSentEventParser()
        var accumulator = CompletionAccumulator()
        var body: [UInt8] = []
        var sawDone = false
        var deltas = 0
        var failure: DeepSeekError?
    }

    /// Error bodies and whole answers are kept up to this size; more is a body that is not the API's.
    private static let maximumBodyBytes = 64 << 20
    private let streamed: Bool
    private let onDelta: @Sendable (ChatDelta) -> Void
    private let state = Mutex(State())

    init(streamed: Bool, onDelta: @escaping @Sendable (ChatDelta) -> Void) {
        self.streamed = streamed
        self.onDelta = onDelta
    }

    /// The answer so far, once a stream has delivered anything.
    var started: ChatCompletion? {
        state.withLock { $0.deltas > 0 ? $0.accumulator.completion : nil }
    }

    /// Takes the next bytes; false stops the transfer (a malformed stream, or a body over the limit).
    func read(_ head: TransferResponseHead, _ bytes: Data) -> Bool {
        guard head.status == 200, streamed else {
            return state.withLock { state in
                guard state.body.count + bytes.count <= Self.maximumBodyBytes else {
                    state.failure = .malformed("the response body is larger than \(Self.maximumBodyBytes) bytes")
                    return false
                }
                state.body.append(contentsOf: bytes)
                return true
            }
        }
        let (deltas, proceed) = state.withLock { state -> ([ChatDelta], Bool) in
            var deltas: [ChatDelta] = []
            do throws(DeepSeekError) {
                for event in try state.parser.feed(bytes) where !state.sawDone {
                    switch event {
                    case let .comment(text):
                        deltas.append(ChatDelta(comment: text))
                    case .data("[DONE]"):
                        state.sawDone = true
                    case let .data(text):
                        var delta = try state.accumulator.apply(chunk: text) ?? ChatDelta()
                        if delta.addsToAnswer { state.deltas += 1 }
                        delta.chunk = text
                        deltas.append(delta)
                    }
                }
            } catch {
                state.failure = error
            }
            return (deltas, state.failure == nil)
        }
        for (index, var delta) in deltas.enumerated() {
            delta.moreFollow = index < deltas.count - 1
            onDelta(delta)
        }
        return proceed
    }

    /// The attempt's outcome once its transfer ended normally with `status`.
    func finish(status: Int) -> Result<ChatCompletion, DeepSeekError> {
        state.withLock { state in
            if status != 200 {
                return .failure(state.failure ?? DeepSeekError.api(status: status, body: Data(state.body)))
            }
            if !streamed {
                if let failure = state.failure { return .failure(failure) }
                return Result { () throws(DeepSeekError) in try CompletionAccumulator.completion(fromBody: state.body) }
            }
            if state.failure == nil, !state.sawDone, case let .data(text)? = state.parser.finish(), text != "[DONE]" {
                do throws(DeepSeekError) {
                    _ = try state.accumulator.apply(chunk: text)
                } catch {
                    state.failure = error
                }
            }
            let partial = state.accumulator.completion
            if let failure = state.failure {
                guard case let .malformed(reason) = failure, state.deltas > 0 else { return .failure(failure) }
                return .failure(.interrupted(partial: partial, reason: .malformed(reason)))
            }
            guard state.sawDone else {
                return .failure(
                    state.deltas > 0
                        ? .interrupted(partial: partial, reason: .endedWithoutDone)
                        : .malformed("the stream ended before any answer and without [DONE]"))
            }
            return .success(partial)
        }
    }
}
