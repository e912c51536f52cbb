/// A rule of an account's event bus (sql/0014 `event_rules`): which events it matches
/// (`eventPattern`, EventBridge's JSON; validated by the EventBridge API before it is stored)
/// and whether it is enabled. Its targets are `EventTarget`s.
public struct EventRule: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case enabled = "ENABLED", disabled = "DISABLED"
    }

    /// The row's id (0 for a rule not stored yet).
    public let id: Int64
    public let accountId: String
    public let busName: String
    public let name: String
    public var eventPattern: String
    public var state: State
    public var description: String?
    /// Stored and returned as EventBridge does; Granary assumes no roles.
    public var roleArn: String?
    /// Seconds since the epoch.
    public let createdAt: Double

    public init(
        id: Int64 = 0, accountId: String, busName: String, name: String, eventPattern: String, state: State, description: String?,
        roleArn: String?, createdAt: Double = 0
    ) {
        self.id = id
        self.accountId = accountId
        self.busName = busName
        self.name = name
        self.eventPattern = eventPattern
        self.state = state
        self.description = description
        self.roleArn = roleArn
        self.createdAt = createdAt
    }

    public func arn(region: String) -> String { EventsARN.rule(region: region, account: accountId, bus: busName, name: name) }
}
