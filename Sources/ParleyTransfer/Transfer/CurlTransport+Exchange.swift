import Foundation
import Synchronization

/// A whole response, read into memory: what the sync targets' small files need.
public struct TransferResponse: Sendable {
    /// The HTTP status; 0 for SFTP.
    public var status: Int
    public var headers: [String: String]
    public var body: Data
}

/// Why ``CurlTransport/exchange(_:retry:maximumBytes:meter:)`` gave up.
public enum ExchangeFailure: Error, Sendable {
    /// The server answered "busy" (``CurlTransport/transientStatuses``) to every try.
    case busy(status: Int, attempts: Int)
    /// The answer was longer than the caller allows; the rest was not read.
    case tooLarge(limit: Int)
    /// The transfer failed in a way that is not retried, or failed on every try.
    case transfer(TransferError, attempts: Int)
}

extension CurlTransport {
    /// HTTP statuses that mean "busy, try again": a request timeout, a lock held by another client, too early,
    /// rate limits, a failing or overloaded server or gateway.
    public static let transientStatuses: Set<Int> = [408, 423, 425, 429, 500, 502, 503, 504]

    /// Sends `request` and reads its whole answer, retrying busy answers and broken or stalled connections
    /// within `retry`, waiting as `Retry-After` asks. Every other answer is returned for the caller to judge;
    /// a failure that retrying cannot mend (a refused login or host key, a missing file) is thrown at once.
    public func exchange(
        _ request: TransferRequest, retry: RetryPolicy, maximumBytes: Int, meter: TransferMeter? = nil
    ) async throws(ExchangeFailure) -> TransferResponse {
        var budget = RetryBudget(policy: retry)
        let cancellation = CancellationFlag()
        while true {
            budget.startAttempt()
            meter?.countRequest(sent: request.body?.count ?? 0, isRetry: budget.attempt > 1)
            let received = Mutex(Data())
            let overflowed = Atomic(false)
            let outcome: Result<TransferResponseHead, TransferError>
            do {
                outcome = .success(
                    try await perform(request, cancellation: cancellation) { _, bytes in
                        received.withLock { data in
                            guard data.count + bytes.count <= maximumBytes else {
                                overflowed.store(true, ordering: .relaxed)
                                return false
                            }
                            data.append(bytes)
                            return true
                        }
                    })
            } catch {
                outcome = .failure(error)
            }
            let body = received.withLock { $0 }
            meter?.countReceived(body.count)
            let delay: Double?
            switch outcome {
            case let .success(head):
                if overflowed.load(ordering: .relaxed) { throw .tooLarge(limit: maximumBytes) }
                guard Self.transientStatuses.contains(head.status) else {
                    return TransferResponse(status: head.status, headers: head.headers, body: body)
                }
                delay = budget.delayBeforeRetry(
                    retryAfter: RetryPolicy.retryAfterSeconds(head.headers["retry-after"]))
                guard delay != nil else { throw .busy(status: head.status, attempts: budget.attempt) }
            case let .failure(error):
                delay = error.isTransient ? budget.delayBeforeRetry(retryAfter: nil) : nil
                guard delay != nil else { throw .transfer(error, attempts: budget.attempt) }
            }
            do {
                try await RetryBudget.wait(delay ?? 0, cancellation: cancellation)
            } catch {
                throw .transfer(error, attempts: budget.attempt)
            }
        }
    }
}

extension ExchangeFailure {
    /// What went wrong with `operation` (a method, or an SFTP step), for a person.
    public func explanation(_ operation: String) -> String {
        switch self {
        case let .busy(status, attempts): "\(operation) stayed busy (HTTP \(status)) through \(attempts) tries"
        case let .tooLarge(limit): "answered \(operation) with more than \(limit) bytes; it was not used"
        case let .transfer(error, attempts):
            "\(operation) failed: \(error.summary)" + (error.isTransient ? " (\(attempts) tries)" : "")
        }
    }
}
