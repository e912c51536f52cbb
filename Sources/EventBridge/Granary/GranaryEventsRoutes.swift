import ControlPlane
import GranaryCore

/// Granary's additions to EventBridge, as a JSON 1.1 service of its own
/// (`X-Amz-Target: GranaryEvents.<Op>`, SigV4 service `events`, the same errors), authorized by
/// the one Authorizer with `events:<Action>`:
/// - GetApiDestinationSigningSecret / RotateApiDestinationSigningSecret: the secret a
///   destination's deliveries are signed with (`X-Granary-Signature`), on the destination's ARN;
/// - ListDeadLetters / RedriveDeadLetters: deliveries given up, and sending them again, on the
///   bus's ARN;
/// - ListBusEvents: the pull feed, a bus's events after a cursor, on the bus's ARN.
/// Described in docs/events.md.
public enum GranaryEventsRoutes {
    public static let targetPrefix = "GranaryEvents"

    public static func service<Context: EventBridgeContext>(region: String, for _: Context.Type = Context.self) -> JSON11Service<Context> {
        var service = JSON11Service<Context>(
            targetPrefix: targetPrefix, signingName: EventBridgeRoutes.signingName, region: region, errors: EventsError.named)
        SigningSecretOperations.register(&service)
        DeadLetterOperations.register(&service)
        FeedOperations.register(&service)
        return service
    }
}
