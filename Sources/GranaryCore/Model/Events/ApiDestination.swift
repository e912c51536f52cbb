/// An API destination (sql/0014 `event_api_destinations`): the HTTP endpoint a rule's target
/// calls, with the method, the connection whose credentials the call carries, and the most
/// calls per second the dispatcher may make. The endpoint was checked to be an http(s) URL when
/// it was stored; where it may lead is the dispatcher's guard's to decide at delivery.
public struct ApiDestination: Sendable, Equatable {
    public static let methods = ["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]
    /// EventBridge's default InvocationRateLimitPerSecond.
    public static let defaultRateLimitPerSecond = 300

    public let id: Int64
    public let accountId: String
    public let name: String
    public let uuid: String
    public var description: String?
    /// The connection's row id, name and UUID (its ARN is built from them).
    public var connectionId: Int64
    public var connectionName: String
    public var connectionUUID: String
    public var invocationEndpoint: String
    public var httpMethod: String
    public var rateLimitPerSecond: Int
    public let createdAt: Double
    public var modifiedAt: Double

    public init(
        id: Int64 = 0, accountId: String, name: String, uuid: String, description: String?, connectionId: Int64, connectionName: String,
        connectionUUID: String, invocationEndpoint: String, httpMethod: String, rateLimitPerSecond: Int, createdAt: Double = 0,
        modifiedAt: Double = 0
    ) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.uuid = uuid
        self.description = description
        self.connectionId = connectionId
        self.connectionName = connectionName
        self.connectionUUID = connectionUUID
        self.invocationEndpoint = invocationEndpoint
        self.httpMethod = httpMethod
        self.rateLimitPerSecond = rateLimitPerSecond
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    public func arn(region: String) -> String { EventsARN.apiDestination(region: region, account: accountId, name: name, uuid: uuid) }

    public func connectionArn(region: String) -> String {
        EventsARN.connection(region: region, account: accountId, name: connectionName, uuid: connectionUUID)
    }
}
