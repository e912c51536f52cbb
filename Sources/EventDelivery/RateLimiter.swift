import Synchronization

/// InvocationRateLimitPerSecond, per API destination, in one dispatcher process: a token bucket
/// holding at most one second's calls, refilled continuously. (Several dispatcher processes
/// each keep their own buckets; the operator runs one per machine, so a destination sees at most
/// that many times its rate.)
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock: @Sendable () -> Double

    public init(clock: @escaping @Sendable () -> Double) {
        self.clock = clock
    }

    /// 0 when a call to `key` may go now (and takes its token); otherwise the seconds until one may.
    public func take(_ key: String, perSecond rate: Int) -> Double {
        let rate = Double(max(rate, 1))
        let now = clock()
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: rate, updated: now)
            bucket.tokens = min(rate, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 - 1e-9 {  // refills are fractions: allow their rounding
                bucket.tokens = max(bucket.tokens - 1, 0)
                return 0
            }
            return (1 - bucket.tokens) / rate
        }
    }
}
