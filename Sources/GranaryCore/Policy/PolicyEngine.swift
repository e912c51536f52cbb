/// IAM's evaluation logic for one request, pure and deterministic:
///
/// 1. Every statement of every identity policy, and of every resource policy whose Principal
///    matches, is checked against the action, resource and conditions.
/// 2. A matching Deny anywhere wins: ExplicitDeny.
/// 3. Within one account (principal's account == resource owner) a matching Allow from an identity
///    policy OR a resource policy suffices.
/// 4. Across accounts the caller's identity policy AND the resource policy must both allow.
/// 5. Otherwise ImplicitDeny.
///
/// A resource policy attached to the request's resource is ignored for the
/// Put/Delete…PermissionsPolicy request on it (CodeArtifact's guard against lock-out).
public enum PolicyEngine {
    /// Actions for which the target's own resource policy is not consulted, with the resource type
    /// (the start of the ARN's resource part) they manage the policy of.
    static let policyManagementActions: [String: String] = [
        "codeartifact:putdomainpermissionspolicy": "domain/", "codeartifact:deletedomainpermissionspolicy": "domain/",
        "codeartifact:putrepositorypermissionspolicy": "repository/",
        "codeartifact:deleterepositorypermissionspolicy": "repository/",
    ]

    /// Whether `policy` is the resource policy that `request` puts or deletes.
    static func isOwnPolicyUpdate(_ request: AuthorizationRequest, _ policy: NamedPolicy) -> Bool {
        guard policy.attachedTo == request.resource, let type = policyManagementActions[request.action.lowercased()] else {
            return false
        }
        let parts = request.resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 && parts[5].hasPrefix(type)
    }

    public static func evaluate(
        _ request: AuthorizationRequest, identityPolicies: [NamedPolicy], resourcePolicies: [NamedPolicy]
    ) -> PolicyDecision {
        let context = EvaluationContext(request)
        let applicableResourcePolicies = resourcePolicies.filter { !isOwnPolicyUpdate(request, $0) }
        let matched =
            matches(request, context, identityPolicies, side: .identityPolicy)
            + matches(request, context, applicableResourcePolicies, side: .resourcePolicy)

        let crossAccount = request.isCrossAccount
        let denies = matched.filter { $0.effect == .deny }
        if !denies.isEmpty {
            return PolicyDecision(effect: .explicitDeny, statements: denies, crossAccount: crossAccount)
        }
        let identityAllows = matched.filter { $0.side == .identityPolicy }
        let resourceAllows = matched.filter { $0.side == .resourcePolicy }
        if crossAccount {
            if !identityAllows.isEmpty && !resourceAllows.isEmpty {
                return PolicyDecision(effect: .allow, statements: matched, crossAccount: true)
            }
            var missing: [PolicyDecision.Side] = []
            if identityAllows.isEmpty { missing.append(.identityPolicy) }
            if resourceAllows.isEmpty { missing.append(.resourcePolicy) }
            return PolicyDecision(effect: .implicitDeny, statements: matched, missingAllowFrom: missing, crossAccount: true)
        }
        if !matched.isEmpty {
            return PolicyDecision(effect: .allow, statements: matched, crossAccount: false)
        }
        return PolicyDecision(
            effect: .implicitDeny, statements: [], missingAllowFrom: [.identityPolicy, .resourcePolicy], crossAccount: false)
    }

    /// The statements of `policies` that apply to the request, in order.
    private static func matches(
        _ request: AuthorizationRequest, _ context: EvaluationContext, _ policies: [NamedPolicy], side: PolicyDecision.Side
    ) -> [PolicyDecision.Statement] {
        var found: [PolicyDecision.Statement] = []
        for named in policies {
            for (index, statement) in named.policy.statements.enumerated() where statement.applies(to: request, context: context) {
                found.append(
                    PolicyDecision.Statement(
                        policyName: named.name, side: side, index: index, sid: statement.sid, effect: statement.effect,
                        attachedTo: named.attachedTo))
            }
        }
        return found
    }
}
