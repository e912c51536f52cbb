/// One parsed statement of a policy, and the tests of whether it applies to a request: principal
/// (resource policies only), action, resource and condition. Its Effect then says what it does.
public struct PolicyStatement: Sendable, Equatable {
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// A list element and whether it is the `Not…` form (which applies to everything the list
    /// does not match).
    public struct Clause<Element: Sendable & Equatable>: Sendable, Equatable {
        public let values: [Element]
        public let negated: Bool
    }

    public let sid: String?
    public let effect: Effect
    /// Principal / NotPrincipal; nil in identity policies.
    public let principals: Clause<PrincipalPattern>?
    /// Action / NotAction, lower-cased globs of `service:Action`.
    public let actions: Clause<String>
    /// Resource / NotResource; nil when a resource policy leaves it out (the resource it is attached to).
    let resources: Clause<PolicyText>?
    public let conditions: [ConditionClause]

    init(
        sid: String?, effect: Effect, principals: Clause<PrincipalPattern>?, actions: Clause<String>,
        resources: Clause<PolicyText>?, conditions: [ConditionClause]
    ) {
        self.sid = sid
        self.effect = effect
        self.principals = principals
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }

    /// The Resource / NotResource patterns as written.
    /// Whether what the statement decides depends on the request's context (conditions, or
    /// policy variables in its resources) rather than on principal, action and resource alone.
    var readsContext: Bool {
        !conditions.isEmpty || (resources?.values.contains { $0.hasVariables } ?? false)
    }

    public var resourcePatterns: Clause<String>? {
        resources.map { Clause(values: $0.values.map(\.raw), negated: $0.negated) }
    }

    /// Whether every element of the statement matches the request (so its Effect applies).
    func applies(to request: AuthorizationRequest, context: EvaluationContext) -> Bool {
        matchesPrincipal(request.principal) && matchesAction(request.action)
            && matchesResource(request.resource, context: context)
            && conditions.allSatisfy { $0.holds(in: context) }
    }

    func matchesPrincipal(_ principal: PolicyPrincipal) -> Bool {
        guard let principals else { return true }
        return principals.values.contains { $0.matches(principal) } != principals.negated
    }

    func matchesAction(_ action: String) -> Bool {
        let lowered = action.lowercased()
        return actions.values.contains { WildcardPattern(glob: $0).matches(lowered) } != actions.negated
    }

    /// A resource pattern whose policy variable has no value matches nothing (so NotResource
    /// with it excludes nothing).
    func matchesResource(_ resource: String, context: EvaluationContext) -> Bool {
        guard let resources else { return true }
        let matched = resources.values.contains { text in
            text.pattern(in: context)?.matchesARN(resource) ?? false
        }
        return matched != resources.negated
    }
}
