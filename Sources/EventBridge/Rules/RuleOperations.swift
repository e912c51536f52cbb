import ControlPlane
import GranaryCore

/// PutRule, DescribeRule, ListRules, DeleteRule, EnableRule and DisableRule with botocore's
/// shapes. Rules match events by EventPattern only: ScheduleExpression is refused.
enum RuleOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("PutRule") { call, context in try putRule(EventsCall(call, context)) }
        service.add("DescribeRule", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let (name, bus) = try ruleName(events, member: "Name")
            let rule = try RuleService(call: events).existing(name, on: bus, for: .describeRule)
            var out = wire(rule, region: events.region)
            out["CreatedBy"] = rule.accountId
            return out
        }
        service.add("ListRules", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let bus = try EventBusReference.parse(input.string("EventBusName"), in: events)
            let (rules, next) = try RuleService(call: events).list(
                on: bus, prefix: EventsValidation.optionalName(input.string("NamePrefix"), "NamePrefix"),
                token: EventsValidation.nextToken(input), limit: EventsValidation.limit(input))
            return .page("Rules", rules.map { wire($0, region: events.region) }, next: next)
        }
        service.add("DeleteRule") { call, context in
            let events = EventsCall(call, context)
            let (name, bus) = try ruleName(events, member: "Name")
            _ = try events.input.bool("Force")
            try RuleService(call: events).delete(name, on: bus)
            return JSON11Output()
        }
        for (operation, state) in [("EnableRule", EventRule.State.enabled), ("DisableRule", .disabled)] {
            service.add(operation) { call, context in
                let events = EventsCall(call, context)
                let (name, bus) = try ruleName(events, member: "Name")
                try RuleService(call: events).setState(name, on: bus, state)
                return JSON11Output()
            }
        }
    }

    /// The rule a request names (`member`: Name, or Rule for the target operations) and its bus.
    static func ruleName(_ call: EventsCall, member: String) throws -> (String, EventBusReference) {
        let name = try EventsValidation.name(call.input.string(member), member)
        return (name, try EventBusReference.parse(call.input.string("EventBusName"), in: call))
    }

    private static func putRule(_ call: EventsCall) throws -> JSON11Output {
        let input = call.input
        let (name, bus) = try ruleName(call, member: "Name")
        if let schedule = try input.string("ScheduleExpression") {
            try EventsValidation.length(schedule, "ScheduleExpression", 0...256)
            throw EventsError.unsupported("ScheduleExpression", "rules match events by EventPattern.")
        }
        guard let patternText = try input.string("EventPattern") else {
            throw ServiceError.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        }
        let stateText = try EventsValidation.oneOf(
            input.string("State"), "State", ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]) ?? "ENABLED"
        guard let state = EventRule.State(rawValue: stateText) else {
            throw EventsError.unsupported("State \(stateText)", "Granary's buses carry no CloudTrail events; use ENABLED or DISABLED.")
        }
        let description = try EventsValidation.text(input.string("Description"), "Description")
        let roleArn = try input.string("RoleArn").map { try EventsValidation.length($0, "RoleArn", 1...1600) }
        if let tags = try input.structures("Tags"), !tags.isEmpty {
            throw EventsError.unsupported("Tags", "rules carry no tags in Granary.")
        }
        _ = try PatternText.parse(patternText)
        let rule = try RuleService(call: call).put(
            EventRule(
                accountId: bus.owner, busName: bus.name, name: name, eventPattern: patternText, state: state, description: description,
                roleArn: roleArn),
            on: bus)
        var out = JSON11Output()
        out["RuleArn"] = rule.arn(region: call.region)
        return out
    }

    /// Rule as ListRules and DescribeRule show it.
    static func wire(_ rule: EventRule, region: String) -> JSON11Output {
        var out = JSON11Output()
        out["Name"] = rule.name
        out["Arn"] = rule.arn(region: region)
        out["EventPattern"] = rule.eventPattern
        out["State"] = rule.state.rawValue
        out["Description"] = rule.description
        out["RoleArn"] = rule.roleArn
        out["EventBusName"] = rule.busName
        return out
    }
}
