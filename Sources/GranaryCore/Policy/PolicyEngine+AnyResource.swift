/// IAM's evaluation for a request whose resource is known only up to a pattern: a publish whose
/// path names the repository while the package's name is still in the unread body. The answer
/// over-approximates the one for any single resource of the pattern, so it only ever refuses a
/// caller that every one of them would refuse:
///
/// - an Allow counts if its Resource could name some resource of the pattern (conditions still
///   hold as they would for the request; NotResource counts as could);
/// - a Deny counts only if it names every resource of the pattern (a Resource that matches the
///   pattern's literal prefix and ends in `*`, or is `*`; no NotResource);
/// - otherwise as `evaluate`: across accounts both sides must allow.
///
/// The check of the actual resource follows once it is known; this one never replaces it.
extension PolicyEngine {
    /// `request.resource` is the pattern's literal prefix (it says whose policies and which owner);
    /// `pattern` is that prefix followed by what is not known yet.
    public static func mayAllow(
        _ request: AuthorizationRequest, anyResourceLike pattern: WildcardPattern, identityPolicies: [NamedPolicy],
        resourcePolicies: [NamedPolicy]
    ) -> Bool {
        let context = EvaluationContext(request)
        var identityAllows = false
        var resourceAllows = false
        for (policies, side) in [(identityPolicies, PolicyDecision.Side.identityPolicy), (resourcePolicies, .resourcePolicy)] {
            for named in policies {
                for statement in named.policy.statements
                where statement.matchesPrincipal(request.principal) && statement.matchesAction(request.action)
                    && statement.conditions.allSatisfy({ $0.holds(in: context) })
                {
                    switch statement.effect {
                    case .deny:
                        if statement.coversEveryResource(startingWith: request.resource, context: context) { return false }
                    case .allow:
                        guard statement.mayMatchResource(like: pattern, context: context) else { continue }
                        if side == .identityPolicy { identityAllows = true } else { resourceAllows = true }
                    }
                }
            }
        }
        return request.isCrossAccount ? identityAllows && resourceAllows : identityAllows || resourceAllows
    }
}

extension PolicyStatement {
    /// Whether the statement's Resource could name some resource that `pattern` matches.
    func mayMatchResource(like pattern: WildcardPattern, context: EvaluationContext) -> Bool {
        guard let resources, !resources.negated else { return true }
        return resources.values.contains { $0.pattern(in: context)?.overlapsARN(pattern) ?? false }
    }

    /// Whether the statement's Resource names every resource whose ARN starts with `prefix`:
    /// one that matches the prefix and ends in `*` matches whatever follows it (the last `*`
    /// takes it), and the rest of a package ARN has no colon to cross into another ARN part.
    func coversEveryResource(startingWith prefix: String, context: EvaluationContext) -> Bool {
        guard let resources else { return true }
        guard !resources.negated else { return false }
        return resources.values.contains { text in
            guard let pattern = text.pattern(in: context) else { return false }
            return pattern.tokens == [.anyRun] || (pattern.tokens.last == .anyRun && pattern.matchesARN(prefix))
        }
    }
}
