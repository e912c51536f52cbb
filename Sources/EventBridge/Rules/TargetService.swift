import ControlPlane
import GranaryCore

/// Targets of a rule. Granary delivers to API destinations only, so a target's Arn must name an
/// API destination of the rule's account; making one a target needs `events:InvokeApiDestination`
/// on it (what EventBridge asks of the target's role — Granary has no roles, so the caller must
/// hold it). Entries that fail are reported in FailedEntries, as EventBridge reports them.
struct TargetService {
    let call: EventsCall

    /// EventBridge's quota: targets per rule.
    static let maximumTargetsPerRule = 5

    struct Failure {
        let targetId: String
        let code: String
        let message: String
    }

    private var rules: RuleService { RuleService(call: call) }
    private var store: EventRuleStore { call.stores.rules }

    func put(_ targets: [(target: EventTarget, deadLetterArn: String?)], rule name: String, on bus: EventBusReference) throws -> [Failure] {
        _ = try rules.existing(name, on: bus, for: .putTargets)
        var accepted: [EventTarget] = []
        var failures: [Failure] = []
        for (target, deadLetter) in targets {
            if let failure = try refusal(target, deadLetterArn: deadLetter, owner: bus.owner) {
                failures.append(failure)
            } else {
                accepted.append(target)
            }
        }
        guard !accepted.isEmpty else { return failures }
        try call.services.transactions.atomically {
            guard let rule = try store.lockRule(accountId: bus.owner, bus: bus.name, name: name) else { throw RuleService.notFound(name, bus) }
            let ids = Set(try store.targetIds(ruleId: rule.id)).union(accepted.map(\.id))
            guard ids.count <= Self.maximumTargetsPerRule else {
                throw ServiceError(
                    .serviceQuotaExceeded,
                    "The requested resource exceeds the maximum number allowed: a rule has at most \(Self.maximumTargetsPerRule) targets.")
            }
            for target in accepted { try store.putTarget(target, ruleId: rule.id) }
        }
        return failures
    }

    /// Why an entry cannot be a target, or nil when it can.
    private func refusal(_ target: EventTarget, deadLetterArn: String?, owner: String) throws -> Failure? {
        if deadLetterArn != nil {
            return Failure(
                targetId: target.id, code: "ValidationException",
                message: "DeadLetterConfig is not supported: Granary keeps the events a target gives up in its own dead-letter list.")
        }
        guard let parsed = EventsARN.parse(target.arn), parsed.resourceType == "api-destination", parsed.path.count == 2,
            parsed.account == owner, parsed.region == call.region
        else {
            return Failure(
                targetId: target.id, code: "ValidationException",
                message: "Target \(target.arn) is not supported: Granary's rules deliver to API destinations of account \(owner) "
                    + "in \(call.region) only (arn:aws:events:\(call.region):\(owner):api-destination/NAME/UUID).")
        }
        let (name, uuid) = (parsed.path[0], parsed.path[1])
        let destination = try call.stores.connections.destination(accountId: owner, name: name).flatMap { $0.uuid == uuid ? $0 : nil }
        do {
            try call.services.authorize(
                .invokeApiDestination, arn: destination?.arn(region: call.region) ?? target.arn, owner: owner)
        } catch let error as ServiceError where error.kind == .accessDenied {
            return Failure(targetId: target.id, code: "AccessDeniedException", message: error.message)
        }
        guard destination != nil else {
            return Failure(targetId: target.id, code: "ResourceNotFoundException", message: "API destination \(name) does not exist.")
        }
        return nil
    }

    /// Ids the rule has no target of are nothing to remove (no failure).
    func remove(_ ids: [String], rule name: String, on bus: EventBusReference) throws {
        _ = try rules.existing(name, on: bus, for: .removeTargets)
        try call.services.transactions.atomically {
            guard let rule = try store.lockRule(accountId: bus.owner, bus: bus.name, name: name) else { throw RuleService.notFound(name, bus) }
            for id in ids { _ = try store.deleteTarget(id: id, ruleId: rule.id) }
        }
    }

    func list(rule name: String, on bus: EventBusReference, token: String?, limit: Int) throws -> ([EventTarget], String?) {
        let rule = try rules.existing(name, on: bus, for: .listTargetsByRule)
        let scope = "\(rule.id)"
        let after = try call.call.cursor(scope: scope, token: token)
        return call.call.page(try store.targets(ruleId: rule.id, after: after, limit: limit + 1), limit: limit, scope: scope, cursor: \.id)
    }

    func ruleNames(targetArn: String, on bus: EventBusReference, token: String?, limit: Int) throws -> ([String], String?) {
        try call.services.authorize(.listRuleNamesByTarget, arn: bus.arn(region: call.region), owner: bus.owner)
        _ = try bus.existing()
        let scope = "\(bus.owner)\n\(bus.name)\n\(targetArn)"
        let after = try call.call.cursor(scope: scope, token: token)
        let names = try store.ruleNames(accountId: bus.owner, bus: bus.name, targetArn: targetArn, after: after, limit: limit + 1)
        return call.call.page(names, limit: limit, scope: scope, cursor: { $0 })
    }
}
