import FoundationEssentials
import GranaryCore

/// Attempts due deliveries: claims up to `batch` of them in one transaction (locked, skipping
/// what other dispatchers hold), calls each destination through the guarded client, records
/// what came of it, and commits. A dispatcher killed mid-call rolls back: the rows stay PENDING
/// for the next claim (at least once; receivers deduplicate by the event's id).
public final class DeliveryRunner: Sendable {
    public struct Settings: Sendable {
        public var retry: RetryRule
        /// An attempt's whole exchange (EventBridge gives API destinations 5 s).
        public var timeoutSeconds: Double
        /// Deliveries claimed per transaction.
        public var batch: Int

        public init(retry: RetryRule = RetryRule(), timeoutSeconds: Double = 5, batch: Int = 8) {
            self.retry = retry
            self.timeoutSeconds = timeoutSeconds
            self.batch = batch
        }
    }

    let client: UpstreamClient
    let sealer: SecretSealer
    let limiter: RateLimiter
    let settings: Settings
    let observer: DispatchObserver
    let region: String
    let clock: @Sendable () -> Double

    public init(
        client: UpstreamClient, sealer: SecretSealer, limiter: RateLimiter, settings: Settings, observer: DispatchObserver, region: String,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.client = client
        self.sealer = sealer
        self.limiter = limiter
        self.settings = settings
        self.observer = observer
        self.region = region
        self.clock = clock
    }

    /// One claim: returns how many deliveries it handled.
    public func runOnce(_ store: EventDispatchStore, _ transactions: TransactionRunner) throws -> Int {
        try transactions.atomically {
            let due = try store.claimDue(limit: settings.batch)
            var destinations: [String: DeliveryDestination?] = [:]
            for delivery in due {
                let outcome = attempt(delivery, store: store, destinations: &destinations)
                try store.recordOutcome(outcome, of: delivery)
                report(outcome, delivery)
            }
            return due.count
        }
    }

    func attempt(_ delivery: PendingDelivery, store: EventDispatchStore, destinations: inout [String: DeliveryDestination?])
        -> DeliveryOutcome
    {
        if delivery.secondsToExpiry <= 0 {
            return .dead(status: nil, error: "the event is older than the target's MaximumEventAgeInSeconds")
        }
        let found: DeliveryDestination?
        do {
            if let cached = destinations[delivery.destinationArn] {
                found = cached
            } else {
                found = try lookUp(delivery, store)
                destinations[delivery.destinationArn] = found
            }
        } catch {
            return failure(delivery, status: nil, error: "the API destination could not be read: \(error)")
        }
        guard let found else { return .dead(status: nil, error: "no API destination \(delivery.destinationArn)") }
        let wait = limiter.take(delivery.destinationArn, perSecond: found.destination.rateLimitPerSecond)
        if wait > 0 { return .retry(delay: wait, status: nil, error: nil, countsAsAttempt: false) }
        let request: DeliveryRequest
        do {
            let secrets = try EventConnectionSecrets.opened(found.connection.sealedSecrets, for: found.connection.connection, by: sealer)
            let signing = try found.sealedSigningSecret.map { try DestinationSigningSecret.opened($0, for: found.destination, by: sealer) }
            request = DeliveryRequest(
                delivery: delivery, destination: found.destination, connection: found.connection.connection, secrets: secrets,
                signingSecret: signing, now: clock())
        } catch {
            return .dead(status: nil, error: "the connection's credentials could not be opened")
        }
        do {
            let response = try client.download(
                UpstreamRequest(
                    url: request.url, method: request.method, headers: request.headers, body: request.body,
                    timeoutSeconds: settings.timeoutSeconds, maxBodyBytes: 1 << 20, followRedirects: false)
            ) { _ in }
            if RetryRule.isSuccess(response.status) { return .delivered(status: response.status) }
            return failure(delivery, status: response.status, error: "HTTP \(response.status)")
        } catch {
            return failure(delivery, status: nil, error: "\(error)")
        }
    }

    func failure(_ delivery: PendingDelivery, status: Int?, error: String) -> DeliveryOutcome {
        switch settings.retry.outcome(
            status: status, error: error, attempts: delivery.attempts, maxRetries: delivery.maxRetries,
            secondsToExpiry: delivery.secondsToExpiry)
        {
        case .retry(let delay): .retry(delay: delay, status: status, error: error, countsAsAttempt: true)
        case .dead(let reason): .dead(status: status, error: reason)
        }
    }

    /// The account's destination the ARN names, if its name and UUID still match.
    func lookUp(_ delivery: PendingDelivery, _ store: EventDispatchStore) throws -> DeliveryDestination? {
        let prefix = "arn:aws:events:\(region):\(delivery.accountId):api-destination/"
        guard delivery.destinationArn.hasPrefix(prefix) else { return nil }
        let path = delivery.destinationArn.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard path.count == 2, let found = try store.destinationForDelivery(accountId: delivery.accountId, name: String(path[0])),
            found.destination.uuid == path[1]
        else { return nil }
        return found
    }

    func report(_ outcome: DeliveryOutcome, _ delivery: PendingDelivery) {
        switch outcome {
        case .delivered: observer.delivered(lag: max(clock() - delivery.eventTime, 0))
        case .retry(_, _, _, let counts): if counts { observer.failed(willRetry: true) }
        case .dead: observer.failed(willRetry: false)
        }
    }
}
