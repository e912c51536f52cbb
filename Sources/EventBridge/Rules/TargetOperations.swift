import ControlPlane
import GranaryCore

/// PutTargets, RemoveTargets, ListTargetsByRule and ListRuleNamesByTarget with botocore's shapes.
enum TargetOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("PutTargets") { call, context in
            let events = EventsCall(call, context)
            let (rule, bus) = try RuleOperations.ruleName(events, member: "Rule")
            let entries = try EventsValidation.required(events.input.structures("Targets"), "Targets")
            try count(entries.count, "Targets")
            let targets = try entries.map(TargetReader.read)
            try unique(targets.map(\.target.id))
            let failures = try TargetService(call: events).put(targets, rule: rule, on: bus)
            return failed(failures)
        }
        service.add("RemoveTargets") { call, context in
            let events = EventsCall(call, context)
            let (rule, bus) = try RuleOperations.ruleName(events, member: "Rule")
            let ids = try EventsValidation.required(events.input.strings("Ids"), "Ids")
            try count(ids.count, "Ids")
            for id in ids { _ = try EventsValidation.name(id, "Ids") }
            _ = try events.input.bool("Force")
            try TargetService(call: events).remove(ids, rule: rule, on: bus)
            return failed([])
        }
        service.add("ListTargetsByRule", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let (rule, bus) = try RuleOperations.ruleName(events, member: "Rule")
            let (targets, next) = try TargetService(call: events).list(
                rule: rule, on: bus, token: EventsValidation.nextToken(events.input), limit: EventsValidation.limit(events.input))
            return .page("Targets", targets.map(wire), next: next)
        }
        service.add("ListRuleNamesByTarget", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let arn = try EventsValidation.length(EventsValidation.required(input.string("TargetArn"), "TargetArn"), "TargetArn", 1...1600)
            let bus = try EventBusReference.parse(input.string("EventBusName"), in: events)
            let (names, next) = try TargetService(call: events).ruleNames(
                targetArn: arn, on: bus, token: EventsValidation.nextToken(input), limit: EventsValidation.limit(input))
            var out = JSON11Output()
            out.set("RuleNames", strings: names)
            out["NextToken"] = next
            return out
        }
    }

    private static func count(_ count: Int, _ member: String) throws {
        guard (1...100).contains(count) else {
            throw EventsValidation.failure(nil, member, "Member must have length between 1 and 100")
        }
    }

    private static func unique(_ ids: [String]) throws {
        guard Set(ids).count == ids.count else { throw ServiceError.validation("Target ids must be unique within the request.") }
    }

    private static func failed(_ failures: [TargetService.Failure]) -> JSON11Output {
        var out = JSON11Output()
        out.set("FailedEntryCount", failures.count)
        out.set("FailedEntries", failures.map { failure in
            var entry = JSON11Output()
            entry["TargetId"] = failure.targetId
            entry["ErrorCode"] = failure.code
            entry["ErrorMessage"] = failure.message
            return entry
        })
        return out
    }

    /// A Target as ListTargetsByRule shows it.
    static func wire(_ target: EventTarget) -> JSON11Output {
        var out = JSON11Output()
        out["Id"] = target.id
        out["Arn"] = target.arn
        out["RoleArn"] = target.roleArn
        switch target.input {
        case .wholeEvent: break
        case .constant(let text): out["Input"] = text
        case .path(let text): out["InputPath"] = text
        case .transformer(let map, let template):
            var transformer = JSON11Output()
            transformer.set("InputPathsMap", map: map.sorted { $0.key < $1.key })
            transformer["InputTemplate"] = template
            out.set("InputTransformer", transformer)
        }
        if let http = target.httpParameters {
            var parameters = JSON11Output()
            parameters.set("PathParameterValues", strings: http.pathParameterValues)
            parameters.set("HeaderParameters", map: http.headerParameters.sorted { $0.key < $1.key })
            parameters.set("QueryStringParameters", map: http.queryStringParameters.sorted { $0.key < $1.key })
            out.set("HttpParameters", parameters)
        }
        if let retry = target.retryPolicy {
            var policy = JSON11Output()
            policy.set("MaximumRetryAttempts", retry.maximumRetryAttempts)
            policy.set("MaximumEventAgeInSeconds", retry.maximumEventAgeSeconds)
            out.set("RetryPolicy", policy)
        }
        return out
    }
}
