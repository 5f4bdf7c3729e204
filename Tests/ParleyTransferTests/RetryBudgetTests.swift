import Foundation
import ParleyTransfer
import Testing

/// Retries back off, honour `Retry-After` within the longest delay, and stop at the attempts or the total wait.
@Suite struct RetryBudgetTests {
    @Test func retriesStopAtTheAttemptLimit() {
        var policy = RetryPolicy()
        policy.maximumAttempts = 3
        var budget = RetryBudget(policy: policy)
        var delays: [Double] = []
        while true {
            budget.startAttempt()
            guard let delay = budget.delayBeforeRetry(retryAfter: nil) else { break }
            delays.append(delay)
        }
        #expect(budget.attempt == 3)
        #expect(delays.count == 2)
        #expect(delays[0] >= 0.25 && delays[0] <= 0.5)
        #expect(delays[1] >= 0.5 && delays[1] <= 1.0)
    }

    @Test func retryAfterIsHonouredUpToTheLongestDelay() {
        var budget = RetryBudget(policy: RetryPolicy())
        budget.startAttempt()
        #expect(budget.delayBeforeRetry(retryAfter: 2) == 2)
        budget.startAttempt()
        #expect(budget.delayBeforeRetry(retryAfter: 600) == RetryPolicy().maximumDelaySeconds)
        #expect(budget.waitedSeconds == 2 + RetryPolicy().maximumDelaySeconds)
    }

    @Test func theTotalWaitIsBounded() {
        var policy = RetryPolicy()
        policy.maximumAttempts = 100
        policy.maximumTotalWaitSeconds = 5
        var budget = RetryBudget(policy: policy)
        budget.startAttempt()
        #expect(budget.delayBeforeRetry(retryAfter: 4) == 4)
        budget.startAttempt()
        #expect(budget.delayBeforeRetry(retryAfter: 4) == nil)
    }

    @Test(arguments: [("3", 3.0), (" 0.5 ", 0.5), ("-2", 0.0), ("", nil), ("soon", nil)] as [(String, Double?)])
    func retryAfterReadsSeconds(value: String, seconds: Double?) {
        #expect(RetryPolicy.retryAfterSeconds(value) == seconds)
    }

    @Test func retryAfterReadsAnHTTPDate() throws {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let seconds = try #require(RetryPolicy.retryAfterSeconds("Thu, 28 May 2026 20:27:00 GMT", now: now))
        #expect(abs(seconds - (1_780_000_020 - 1_780_000_000)) < 0.001)
    }

    @Test func aCancelledWaitEndsAtOnce() async {
        let cancellation = CancellationFlag()
        cancellation.cancel()
        await #expect(throws: TransferError.cancelled) { try await RetryBudget.wait(30, cancellation: cancellation) }
    }
}
