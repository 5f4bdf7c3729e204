import Foundation

/// How failed requests are retried: with exponential backoff and jitter, honouring `Retry-After`, within a
/// number of attempts and a total wait. The caller decides what may be retried (an answer that started
/// streaming may not); ``RetryBudget`` keeps the count.
public struct RetryPolicy: Sendable {
    public var maximumAttempts = 4
    public var firstDelaySeconds = 0.5
    public var maximumDelaySeconds = 8.0
    public var maximumTotalWaitSeconds = 30.0

    public init() {}

    /// The wait before attempt `attempt + 1`: `Retry-After` when the server gave one, else a random time
    /// between half and all of a delay that doubles with each attempt.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maximumDelaySeconds) }
        let ceiling = min(firstDelaySeconds * pow(2, Double(attempt - 1)), maximumDelaySeconds)
        return Double.random(in: ceiling / 2...ceiling)
    }

    /// Seconds from a `Retry-After` value: a number of seconds or an HTTP date.
    public static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite { return max(seconds, 0) }
        guard let date = HTTPDate().date(from: value) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }
}

/// One request's retries so far, against its ``RetryPolicy``.
public struct RetryBudget: Sendable {
    public let policy: RetryPolicy
    public private(set) var attempt = 0
    public private(set) var waitedSeconds = 0.0

    public init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// Counts the attempt about to be made.
    public mutating func startAttempt() {
        attempt += 1
    }

    /// The wait before retrying a failure that may be retried, or nil when the attempts or the total wait are
    /// spent; the wait is counted against the budget.
    public mutating func delayBeforeRetry(retryAfter: Double?) -> Double? {
        guard attempt < policy.maximumAttempts else { return nil }
        let delay = policy.delay(afterAttempt: attempt, retryAfter: retryAfter)
        guard waitedSeconds + delay <= policy.maximumTotalWaitSeconds else { return nil }
        waitedSeconds += delay
        return delay
    }

    /// Waits `seconds`, looking at `cancellation` every 50 ms.
    public static func wait(_ seconds: Double, cancellation: CancellationFlag) async throws(TransferError) {
        var left = seconds
        while left > 0 {
            if cancellation.isCancelled { throw .cancelled }
            let step = min(left, 0.05)
            try? await Task.sleep(nanoseconds: UInt64(step * 1_000_000_000))
            left -= step
        }
        if cancellation.isCancelled { throw .cancelled }
    }
}
