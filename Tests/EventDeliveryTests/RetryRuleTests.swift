import Testing

@testable import EventDelivery

@Suite("retries")
struct RetryRuleTests {
    let rule = RetryRule(initialDelay: 1, maximumDelay: 60)

    @Test("Backoff starts at 1 s, doubles, and stops at the cap")
    func backoff() {
        #expect((1...8).map { rule.delay(afterAttempt: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(rule.delay(afterAttempt: 500) == 60)
        #expect(RetryRule(initialDelay: 0.5, maximumDelay: 3).delay(afterAttempt: 4) == 3)
    }

    @Test("EventBridge retries 401, 407, 409, 429 and 5xx; no other answer")
    func retryable() {
        for status in [401, 407, 409, 429, 500, 502, 503, 504, 599] { #expect(RetryRule.isRetryable(status), "\(status)") }
        for status in [100, 200, 204, 301, 302, 400, 403, 404, 410, 413, 422] { #expect(!RetryRule.isRetryable(status), "\(status)") }
        #expect(RetryRule.isSuccess(200) && RetryRule.isSuccess(299) && !RetryRule.isSuccess(300) && !RetryRule.isSuccess(199))
    }

    @Test("A 400 goes to the dead letters at once; a 500 is retried until the retries are spent")
    func outcomes() {
        #expect(rule.outcome(status: 400, error: "x", attempts: 0, maxRetries: 185, secondsToExpiry: 1000) == .dead(
            "the destination answered 400, which is not retried"))
        #expect(rule.outcome(status: 500, error: "x", attempts: 0, maxRetries: 185, secondsToExpiry: 1000) == .retry(1))
        #expect(rule.outcome(status: nil, error: "refused", attempts: 3, maxRetries: 185, secondsToExpiry: 1000) == .retry(8))
        #expect(rule.outcome(status: 503, error: "x", attempts: 2, maxRetries: 2, secondsToExpiry: 1000) == .dead("retries spent (2): x"))
        #expect(rule.outcome(status: 503, error: "x", attempts: 0, maxRetries: 0, secondsToExpiry: 1000) == .dead("retries spent (0): x"))
    }

    @Test("A retry that would land after MaximumEventAgeInSeconds is not scheduled")
    func age() {
        guard case .dead = rule.outcome(status: 500, error: "x", attempts: 4, maxRetries: 185, secondsToExpiry: 10) else {
            Issue.record("a 16 s wait with 10 s left must give up")
            return
        }
        #expect(rule.outcome(status: 500, error: "x", attempts: 4, maxRetries: 185, secondsToExpiry: 17) == .retry(16))
    }
}

@Suite("rate limit")
struct RateLimiterTests {
    final class Clock: @unchecked Sendable { var now = 100.0 }

    @Test("A destination gets its rate per second, then waits for the bucket to refill")
    func bucket() {
        let clock = Clock()
        let limiter = RateLimiter(clock: { clock.now })
        for _ in 0..<3 { #expect(limiter.take("a", perSecond: 3) == 0) }
        let wait = limiter.take("a", perSecond: 3)
        #expect(wait > 0.3 && wait <= 1.0 / 3 + 1e-9)
        #expect(limiter.take("b", perSecond: 3) == 0, "buckets are per destination")
        clock.now += 1.0 / 3
        #expect(limiter.take("a", perSecond: 3) == 0)
        #expect(limiter.take("a", perSecond: 3) > 0)
        clock.now += 10
        for _ in 0..<3 { #expect(limiter.take("a", perSecond: 3) == 0) }
        #expect(limiter.take("a", perSecond: 3) > 0, "a bucket holds one second's calls, not more")
    }
}
