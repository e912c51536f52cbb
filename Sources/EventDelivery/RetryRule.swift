/// When an attempt failed, whether and when to try again: EventBridge's rules for API
/// destinations — 401, 407, 409, 429 and 5xx answers and transport failures (refused, timed
/// out, reset) are retried, every other non-2xx answer is not — with exponential backoff from
/// `initialDelay` seconds, doubling, capped at `maximumDelay`, until the target's RetryPolicy
/// (retries, event age) is spent.
public struct RetryRule: Sendable, Equatable {
    public var initialDelay: Double
    public var maximumDelay: Double

    public init(initialDelay: Double = 1, maximumDelay: Double = 60) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    public static func isSuccess(_ status: Int) -> Bool { (200..<300).contains(status) }

    public static func isRetryable(_ status: Int) -> Bool {
        [401, 407, 409, 429].contains(status) || (500..<600).contains(status)
    }

    /// The wait after the `attempt`-th failed attempt (1-based): initial, 2×, 4×, … up to the cap.
    public func delay(afterAttempt attempt: Int) -> Double {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(maximumDelay, initialDelay * Double(1 << exponent))
    }

    /// The outcome of a failed attempt (an answer `status`, or none when the exchange failed) of
    /// a delivery that had made `attempts` attempts before it.
    public func outcome(status: Int?, error: String, attempts: Int, maxRetries: Int, secondsToExpiry: Double) -> DeliveryOutcomeKind {
        if let status, !Self.isRetryable(status) { return .dead("the destination answered \(status), which is not retried") }
        let made = attempts + 1
        guard made <= maxRetries else { return .dead("retries spent (\(maxRetries)): \(error)") }
        let wait = delay(afterAttempt: made)
        guard wait < secondsToExpiry else { return .dead("the event is older than the target's MaximumEventAgeInSeconds: \(error)") }
        return .retry(wait)
    }

    public enum DeliveryOutcomeKind: Sendable, Equatable {
        case retry(Double)
        case dead(String)
    }
}
