/// What EventBridge's reserved template variables stand for when one event is delivered to one
/// target: `<aws.events.rule-arn>`, `<aws.events.rule-name>` and
/// `<aws.events.event.ingestion-time>` (an ISO 8601 timestamp of when the bus received the event).
public struct TargetInputContext: Sendable {
    public var ruleArn: String
    public var ruleName: String
    public var ingestionTime: String

    public init(ruleArn: String, ruleName: String, ingestionTime: String) {
        self.ruleArn = ruleArn
        self.ruleName = ruleName
        self.ingestionTime = ingestionTime
    }
}
