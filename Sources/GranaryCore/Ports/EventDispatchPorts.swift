/// What the dispatcher (`granary dispatch`) reads and writes (sql/0004 `outbox_events`, sql/0014,
/// sql/0015). Every `claim…` is a locking read that skips rows another dispatcher holds
/// (`FOR UPDATE SKIP LOCKED`): the rows stay the caller's until its transaction ends, so a
/// dispatcher that dies mid-work leaves them to the next one. Instants are the database's clock
/// (`NOW(6)`), so dispatchers on several machines agree on what is due.
public protocol EventDispatchStore {
    // MARK: outbox → buses
    func claimOutbox(limit: Int) throws -> [OutboxEntry]
    func deleteOutbox(ids: [Int64]) throws
    /// Writes the events; one already on its bus (same account, bus and id) is left as it is.
    func appendOnce(_ events: [BusEvent]) throws

    // MARK: buses → deliveries and archives
    /// Bus events no dispatcher has matched yet, oldest first.
    func claimUnrouted(limit: Int) throws -> [BusEvent]
    func markRouted(ids: [Int64]) throws
    /// The bus's ENABLED rules with their targets.
    func enabledRules(accountId: String, bus: String) throws -> [RoutableRule]
    func archives(accountId: String, bus: String) throws -> [EventArchive]
    /// Keeps the event in the archive and counts it there.
    func archive(_ event: BusEvent, archiveId: Int64) throws
    func insertDeliveries(_ deliveries: [NewDelivery]) throws

    // MARK: replays
    /// CANCELLING replays (cancelled before a dispatcher ran them) become CANCELLED; returns how many.
    func finishCancelledReplays() throws -> Int
    func claimStartingReplay() throws -> EventReplay?
    /// The archived events of `archiveName` (the replay's account) with ingestion times in
    /// [start, end), after the event with id `after`, oldest first.
    func archivedEvents(accountId: String, archiveName: String, start: Double, end: Double, after: Int64, limit: Int) throws
        -> [BusEvent]
    func finishReplay(id: Int64, state: EventReplay.State, reason: String?, lastReplayed: Double?) throws

    // MARK: deliveries
    func claimDue(limit: Int) throws -> [PendingDelivery]
    /// Seconds until the earliest PENDING delivery is due (≤ 0: now), nil when there is none.
    func secondsUntilNextDue() throws -> Double?
    func destinationForDelivery(accountId: String, name: String) throws -> DeliveryDestination?
    func recordOutcome(_ outcome: DeliveryOutcome, of delivery: PendingDelivery) throws

    // MARK: dead letters (Granary's API)
    func deadLetters(accountId: String, ruleName: String?, after: Int64?, limit: Int) throws -> [DeadLetter]
    /// Makes the account's dead deliveries (those of `ids`, or all of `ruleName`, or all) PENDING
    /// again with their attempts reset; returns how many.
    func redrive(accountId: String, ids: [Int64]?, ruleName: String?) throws -> Int

    // MARK: upkeep
    /// Deletes DELIVERED rows finished before `deliveredAge` seconds ago, DEAD ones before
    /// `deadAge`, routed bus events older than `busEventAge`, and archived events past their
    /// archive's retention (recounting the archive). Returns the rows deleted.
    func prune(deliveredAge: Double, deadAge: Double, busEventAge: Double, limit: Int) throws -> Int
    func queueDepth() throws -> EventQueueDepth
}

/// A row of the outbox: an event a change committed, not yet put on its buses.
public struct OutboxEntry: Sendable, Equatable {
    public let id: Int64
    public let uuid: String
    public let detailType: String
    public let body: String

    public init(id: Int64, uuid: String, detailType: String, body: String) {
        self.id = id
        self.uuid = uuid
        self.detailType = detailType
        self.body = body
    }
}

public struct RoutableRule: Sendable {
    public let rule: EventRule
    public let targets: [EventTarget]

    public init(rule: EventRule, targets: [EventTarget]) {
        self.rule = rule
        self.targets = targets
    }
}

/// Where a delivery goes and what it carries: the same from the row written to the attempt.
public struct DeliveryRoute: Sendable, Equatable {
    public let accountId: String
    public let eventUUID: String
    public let ruleName: String
    public let targetId: String
    public let destinationArn: String
    public let httpParameters: EventTarget.HttpParameters?
    public let replayName: String?
    public let body: String

    public init(
        accountId: String, eventUUID: String, ruleName: String, targetId: String, destinationArn: String,
        httpParameters: EventTarget.HttpParameters?, replayName: String?, body: String
    ) {
        self.accountId = accountId
        self.eventUUID = eventUUID
        self.ruleName = ruleName
        self.targetId = targetId
        self.destinationArn = destinationArn
        self.httpParameters = httpParameters
        self.replayName = replayName
        self.body = body
    }
}

/// A delivery to write: its route, with its retry budget. `delivery.ruleName` and the other
/// fields of the route read through.
@dynamicMemberLookup
public struct NewDelivery: Sendable, Equatable {
    public let route: DeliveryRoute
    public let busName: String
    public let maxRetries: Int
    /// The event's ingestion time; the delivery expires `maxAgeSeconds` after it.
    public let eventTime: Double
    public let maxAgeSeconds: Int
    /// Set when the delivery cannot be made at all (its body could not be rendered): it is
    /// written straight to the dead letters with this reason.
    public let deadReason: String?

    public init(route: DeliveryRoute, busName: String, maxRetries: Int, eventTime: Double, maxAgeSeconds: Int, deadReason: String? = nil) {
        self.route = route
        self.busName = busName
        self.maxRetries = maxRetries
        self.eventTime = eventTime
        self.maxAgeSeconds = maxAgeSeconds
        self.deadReason = deadReason
    }

    public subscript<T>(dynamicMember path: KeyPath<DeliveryRoute, T>) -> T { route[keyPath: path] }
}

/// A delivery claimed for an attempt.
@dynamicMemberLookup
public struct PendingDelivery: Sendable, Equatable {
    public let id: Int64
    public let route: DeliveryRoute
    /// Attempts made before this one.
    public let attempts: Int
    public let maxRetries: Int
    public let eventTime: Double
    /// Seconds left before the event is too old to deliver (≤ 0: expired).
    public let secondsToExpiry: Double

    public init(id: Int64, route: DeliveryRoute, attempts: Int, maxRetries: Int, eventTime: Double, secondsToExpiry: Double) {
        self.id = id
        self.route = route
        self.attempts = attempts
        self.maxRetries = maxRetries
        self.eventTime = eventTime
        self.secondsToExpiry = secondsToExpiry
    }

    public subscript<T>(dynamicMember path: KeyPath<DeliveryRoute, T>) -> T { route[keyPath: path] }
}

/// What an attempt came to.
public enum DeliveryOutcome: Sendable, Equatable {
    case delivered(status: Int)
    /// Try again after `delay` seconds; `countsAsAttempt` is false when the attempt was not made
    /// (the destination's rate limit).
    case retry(delay: Double, status: Int?, error: String?, countsAsAttempt: Bool)
    /// Given up: the dead-letter list.
    case dead(status: Int?, error: String)
}

/// An API destination as a delivery needs it: the endpoint, method and rate, the connection's
/// sealed credentials, and the destination's sealed signing secret (nil: deliveries unsigned).
public struct DeliveryDestination: Sendable {
    public let destination: ApiDestination
    public let connection: StoredEventConnection
    public let sealedSigningSecret: [UInt8]?

    public init(destination: ApiDestination, connection: StoredEventConnection, sealedSigningSecret: [UInt8]?) {
        self.destination = destination
        self.connection = connection
        self.sealedSigningSecret = sealedSigningSecret
    }
}

/// A delivery given up, as Granary's API lists it.
public struct DeadLetter: Sendable, Equatable {
    public let id: Int64
    public let eventUUID: String
    public let ruleName: String
    public let targetId: String
    public let destinationArn: String
    public let replayName: String?
    public let attempts: Int
    public let lastStatus: Int?
    public let lastError: String?
    public let eventTime: Double
    public let failedAt: Double
    public let body: String

    public init(
        id: Int64, eventUUID: String, ruleName: String, targetId: String, destinationArn: String, replayName: String?, attempts: Int,
        lastStatus: Int?, lastError: String?, eventTime: Double, failedAt: Double, body: String
    ) {
        self.id = id
        self.eventUUID = eventUUID
        self.ruleName = ruleName
        self.targetId = targetId
        self.destinationArn = destinationArn
        self.replayName = replayName
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.eventTime = eventTime
        self.failedAt = failedAt
        self.body = body
    }
}

/// How much waits, for /metrics: outbox rows not on a bus yet, bus events not matched yet,
/// deliveries PENDING, and the age in seconds of the oldest of those deliveries' events.
public struct EventQueueDepth: Sendable, Equatable {
    public var outbox: Int
    public var unrouted: Int
    public var pending: Int
    public var dead: Int
    public var oldestPendingAge: Double

    public init(outbox: Int, unrouted: Int, pending: Int, dead: Int, oldestPendingAge: Double) {
        self.outbox = outbox
        self.unrouted = unrouted
        self.pending = pending
        self.dead = dead
        self.oldestPendingAge = oldestPendingAge
    }
}
