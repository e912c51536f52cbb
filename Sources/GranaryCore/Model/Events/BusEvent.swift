/// An event on an account's bus (sql/0014 `bus_events`): what PutEvents accepted, and what the
/// dispatcher copies there from the outbox. `body` is the whole event as EventBridge shapes it
/// for targets (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`,
/// `resources`, `detail`).
public struct BusEvent: Sendable, Equatable {
    /// The row's id: grows with every event written (0 before it is stored); a feed's cursor.
    public let sequence: Int64
    public let accountId: String
    public let busName: String
    /// The event's `id`.
    public let uuid: String
    public let source: String
    public let detailType: String
    public let body: String
    /// When the bus took it (ingestion), seconds since the epoch; 0 before it is stored.
    public let createdAt: Double

    public init(
        sequence: Int64 = 0, accountId: String, busName: String, uuid: String, source: String, detailType: String, body: String,
        createdAt: Double = 0
    ) {
        self.sequence = sequence
        self.accountId = accountId
        self.busName = busName
        self.uuid = uuid
        self.source = source
        self.detailType = detailType
        self.body = body
        self.createdAt = createdAt
    }
}
