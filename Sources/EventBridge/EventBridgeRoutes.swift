import ControlPlane
import GranaryCore

/// Amazon EventBridge's API (JSON 1.1, `X-Amz-Target: AWSEvents.<Op>`, SigV4 service `events`),
/// so `aws events --endpoint-url …` and `boto3.client("events", endpoint_url=…)` work
/// unmodified. Rules, targets, connections, API destinations, archives and replays of each
/// account's default bus; PutEvents writes `bus_events`, which the dispatcher delivers.
public enum EventBridgeRoutes {
    public static let targetPrefix = "AWSEvents"
    public static let signingName = "events"

    public static func service<Context: EventBridgeContext>(region: String, for _: Context.Type = Context.self) -> JSON11Service<Context> {
        var service = JSON11Service<Context>(targetPrefix: targetPrefix, signingName: signingName, region: region, errors: EventsError.named)
        RuleOperations.register(&service)
        TargetOperations.register(&service)
        PatternOperations.register(&service)
        PutEventsOperation.register(&service)
        BusOperations.register(&service)
        ConnectionOperations.register(&service)
        ApiDestinationOperations.register(&service)
        ArchiveOperations.register(&service)
        ReplayOperations.register(&service)
        return service
    }
}
