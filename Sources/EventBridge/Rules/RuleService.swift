import ControlPlane
import GranaryCore

/// Rules of a bus: each action authorized on the rule's ARN (the stored rule's, or the name as
/// spelled when there is none), the bus's existence checked after that.
struct RuleService {
    let call: EventsCall

    private var store: EventRuleStore { call.stores.rules }

    static func notFound(_ name: String, _ bus: EventBusReference) -> ServiceError {
        ServiceError.notFound("Rule \(name) does not exist on EventBus \(bus.name).", id: name, type: "rule")
    }

    /// The stored rule (nil when there is none), `action` authorized on its ARN.
    func resolve(_ name: String, on bus: EventBusReference, for action: EventsAction) throws -> EventRule? {
        try call.services.authorizeResolved(
            action, owner: bus.owner, find: { bus.exists ? try store.rule(accountId: bus.owner, bus: bus.name, name: name) : nil },
            arn: { EventsARN.rule(region: call.region, account: bus.owner, bus: bus.name, name: $0?.name ?? name) })
    }

    /// The stored rule, `action` authorized; ResourceNotFound for a missing bus or rule.
    func existing(_ name: String, on bus: EventBusReference, for action: EventsAction) throws -> EventRule {
        let rule = try resolve(name, on: bus, for: action)
        _ = try bus.existing()
        guard let rule else { throw Self.notFound(name, bus) }
        return rule
    }

    /// Creates the rule, or replaces what an existing one of that name says (its targets stay).
    func put(_ rule: EventRule, on bus: EventBusReference) throws -> EventRule {
        _ = try resolve(rule.name, on: bus, for: .putRule)
        _ = try bus.existing()
        let write = {
            try call.services.transactions.atomically {
                guard let stored = try store.lockRule(accountId: bus.owner, bus: bus.name, name: rule.name) else {
                    try store.insertRule(rule)
                    return
                }
                var updated = stored
                updated.eventPattern = rule.eventPattern
                updated.state = rule.state
                updated.description = rule.description
                updated.roleArn = rule.roleArn
                try store.updateRule(updated)
            }
        }
        do {
            try write()
        } catch is DuplicateKey {
            try write()  // another PutRule made it meanwhile: update that one
        }
        guard let stored = try store.rule(accountId: bus.owner, bus: bus.name, name: rule.name) else { throw Self.notFound(rule.name, bus) }
        return stored
    }

    func setState(_ name: String, on bus: EventBusReference, _ state: EventRule.State) throws {
        var rule = try existing(name, on: bus, for: state == .enabled ? .enableRule : .disableRule)
        rule.state = state
        try store.updateRule(rule)
    }

    /// Nothing to do when there is no such rule (as EventBridge answers); refused while it has targets.
    func delete(_ name: String, on bus: EventBusReference) throws {
        guard try resolve(name, on: bus, for: .deleteRule) != nil else {
            _ = try bus.existing()
            return
        }
        try call.services.transactions.atomically {
            guard let rule = try store.lockRule(accountId: bus.owner, bus: bus.name, name: name) else { return }
            guard try store.targetIds(ruleId: rule.id).isEmpty else {
                throw ServiceError.validation("Rule can't be deleted since it has targets.")
            }
            try store.deleteRule(id: rule.id)
        }
    }

    /// A page of the bus's rules by name.
    func list(on bus: EventBusReference, prefix: String?, token: String?, limit: Int) throws -> ([EventRule], String?) {
        try call.services.authorize(.listRules, arn: bus.arn(region: call.region), owner: bus.owner)
        _ = try bus.existing()
        let scope = "\(bus.owner)\n\(bus.name)\n\(prefix ?? "")"
        let after = try call.call.cursor(scope: scope, token: token)
        let found = try store.rules(accountId: bus.owner, bus: bus.name, namePrefix: prefix, after: after, limit: limit + 1)
        return call.call.page(found, limit: limit, scope: scope, cursor: \.name)
    }
}
