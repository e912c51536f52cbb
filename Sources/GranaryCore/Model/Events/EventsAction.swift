/// The EventBridge actions Granary authorizes (`events:<Action>` in policies), each on the ARN of
/// what it acts on (`EventsARN`): a rule, the bus, a connection, an API destination, an archive,
/// a replay, or `*` for account-wide listings. The EventBridge API asks the one Authorizer for
/// these as the CodeArtifact API asks for `Action`s.
public enum EventsAction: String, CaseIterable, Sendable {
    // Rules and their targets
    case putRule = "PutRule", describeRule = "DescribeRule", deleteRule = "DeleteRule", listRules = "ListRules"
    case enableRule = "EnableRule", disableRule = "DisableRule"
    case putTargets = "PutTargets", removeTargets = "RemoveTargets", listTargetsByRule = "ListTargetsByRule"
    case listRuleNamesByTarget = "ListRuleNamesByTarget", testEventPattern = "TestEventPattern"
    /// Needed on an API destination to make it a rule's target (what EventBridge asks of the
    /// target's role; Granary has no roles, so the caller of PutTargets must hold it).
    case invokeApiDestination = "InvokeApiDestination"
    // The bus
    case putEvents = "PutEvents", describeEventBus = "DescribeEventBus", listEventBuses = "ListEventBuses"
    // Connections and API destinations
    case createConnection = "CreateConnection", describeConnection = "DescribeConnection", listConnections = "ListConnections"
    case updateConnection = "UpdateConnection", deleteConnection = "DeleteConnection"
    case createApiDestination = "CreateApiDestination", describeApiDestination = "DescribeApiDestination"
    case listApiDestinations = "ListApiDestinations", updateApiDestination = "UpdateApiDestination"
    case deleteApiDestination = "DeleteApiDestination"
    // Archives and replays
    case createArchive = "CreateArchive", describeArchive = "DescribeArchive", listArchives = "ListArchives"
    case updateArchive = "UpdateArchive", deleteArchive = "DeleteArchive"
    case startReplay = "StartReplay", describeReplay = "DescribeReplay", listReplays = "ListReplays", cancelReplay = "CancelReplay"
    // Granary's additions (the GranaryEvents API): a destination's signing secret, the dead
    // letters of a bus's deliveries, and the bus's events after a cursor (the pull feed).
    case getApiDestinationSigningSecret = "GetApiDestinationSigningSecret"
    case rotateApiDestinationSigningSecret = "RotateApiDestinationSigningSecret"
    case listDeadLetters = "ListDeadLetters", redriveDeadLetters = "RedriveDeadLetters", listBusEvents = "ListBusEvents"

    /// `events:PutRule`: what policies name.
    public var qualified: String { "events:" + rawValue }

    /// What an action's ARN names.
    public enum Resource: Sendable {
        case any, eventBus, rule, connection, apiDestination, archive, replay
    }

    public var resource: Resource {
        switch self {
        case .testEventPattern, .listEventBuses, .listConnections, .listApiDestinations, .listArchives, .listReplays: .any
        case .putRule, .describeRule, .deleteRule, .enableRule, .disableRule, .putTargets, .removeTargets, .listTargetsByRule: .rule
        /// The rules of a bus are listed on the bus's ARN.
        case .putEvents, .describeEventBus, .listRules, .listRuleNamesByTarget, .listDeadLetters, .redriveDeadLetters, .listBusEvents:
            .eventBus
        case .createConnection, .describeConnection, .updateConnection, .deleteConnection: .connection
        case .createApiDestination, .describeApiDestination, .updateApiDestination, .deleteApiDestination, .invokeApiDestination,
            .getApiDestinationSigningSecret, .rotateApiDestinationSigningSecret:
            .apiDestination
        case .createArchive, .describeArchive, .updateArchive, .deleteArchive: .archive
        case .startReplay, .describeReplay, .cancelReplay: .replay
        }
    }
}
