import ControlPlane
import GranaryCore

/// ListDeadLetters and RedriveDeadLetters (GranaryEvents): deliveries the dispatcher gave up
/// (retries spent, a non-retryable answer, no such destination), and sending them again.
enum DeadLetterOperations {
    static func register<Context: EventBridgeContext>(_ service: inout JSON11Service<Context>) {
        service.add("ListDeadLetters", readOnly: true) { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let bus = try EventBusReference.parse(input.string("EventBusName"), in: events)
            try events.services.authorize(.listDeadLetters, arn: bus.arn(region: events.region), owner: bus.owner)
            _ = try bus.existing()
            let rule = try input.string("RuleName").map { try EventsValidation.name($0, "RuleName") }
            let limit = try EventsValidation.limit(input)
            let scope = "\(bus.owner)\n\(rule ?? "")"
            let after = try call.cursor(scope: scope, token: EventsValidation.nextToken(input)).flatMap { Int64($0) }
            let found = try events.stores.deliveries.deadLetters(accountId: bus.owner, ruleName: rule, after: after, limit: limit + 1)
            let (page, next) = call.page(found, limit: limit, scope: scope) { String($0.id) }
            return JSON11Output.page("DeadLetters", page.map { wire($0, events) }, next: next)
        }
        service.add("RedriveDeadLetters") { call, context in
            let events = EventsCall(call, context)
            let input = events.input
            let bus = try EventBusReference.parse(input.string("EventBusName"), in: events)
            try events.services.authorize(.redriveDeadLetters, arn: bus.arn(region: events.region), owner: bus.owner)
            _ = try bus.existing()
            let rule = try input.string("RuleName").map { try EventsValidation.name($0, "RuleName") }
            let ids = try input.strings("DeliveryIds").map { texts in
                try texts.map { text -> Int64 in
                    guard let id = Int64(text), id > 0 else { throw ServiceError.validation("DeliveryIds holds \(text), which is not a delivery id.") }
                    return id
                }
            }
            if let ids, ids.count > 100 { throw ServiceError.validation("DeliveryIds holds at most 100 ids.") }
            var out = JSON11Output()
            out.set("RedrivenCount", try events.stores.deliveries.redrive(accountId: bus.owner, ids: ids, ruleName: rule))
            return out
        }
    }

    static func wire(_ letter: DeadLetter, _ events: EventsCall) -> JSON11Output {
        var out = JSON11Output()
        out["DeliveryId"] = String(letter.id)
        out["EventId"] = letter.eventUUID
        out["RuleName"] = letter.ruleName
        out["RuleArn"] = EventsARN.rule(region: events.region, account: events.account, bus: EventsARN.defaultBus, name: letter.ruleName)
        out["TargetId"] = letter.targetId
        out["ApiDestinationArn"] = letter.destinationArn
        out["ReplayName"] = letter.replayName
        out.set("Attempts", letter.attempts)
        out.set("LastStatusCode", letter.lastStatus)
        out["LastError"] = letter.lastError
        out.set("EventTime", seconds: letter.eventTime)
        out.set("FailedTime", seconds: letter.failedAt)
        out["Body"] = letter.body
        return out
    }
}
