/// An archive of a bus (sql/0014 `event_archives`): the events matching its pattern (all, when
/// it has none) are kept for `retentionDays` (0: indefinitely) by the dispatcher, which also
/// counts them (`eventCount`, `sizeBytes`).
public struct EventArchive: Sendable, Equatable {
    public let id: Int64
    public let accountId: String
    public let name: String
    public let busName: String
    public var description: String?
    public var eventPattern: String?
    public var retentionDays: Int
    /// Always ENABLED in Granary (EventBridge's other states describe its own provisioning).
    public var state: String
    public var eventCount: Int64
    public var sizeBytes: Int64
    public let createdAt: Double

    public init(
        id: Int64 = 0, accountId: String, name: String, busName: String, description: String?, eventPattern: String?, retentionDays: Int,
        state: String = "ENABLED", eventCount: Int64 = 0, sizeBytes: Int64 = 0, createdAt: Double = 0
    ) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.busName = busName
        self.description = description
        self.eventPattern = eventPattern
        self.retentionDays = retentionDays
        self.state = state
        self.eventCount = eventCount
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
    }

    public func arn(region: String) -> String { EventsARN.archive(region: region, account: accountId, name: name) }

    public func eventSourceArn(region: String) -> String { EventsARN.eventBus(region: region, account: accountId, name: busName) }
}
