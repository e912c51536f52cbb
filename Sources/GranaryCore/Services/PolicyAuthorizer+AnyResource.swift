extension PolicyAuthorizer {
    public func authorize(
        _ principal: Principal, action: String, anyResourceUnder resourceArnPrefix: String, governedBy governingArn: String,
        resourceOwner: String
    ) throws {
        let qualified = action.contains(":") ? action : "codeartifact:" + action
        let identity = try identityPolicies.policies(userId: principal.userId).map { stored in
            let name = "user/\(principal.userName)/\(stored.name)"
            return NamedPolicy(name: name, policy: try parseStored(stored.document, kind: .identity, name: name))
        }
        // The governing resource's policies, not its tags: the resources under the prefix have
        // tags of their own (packages: none), and a tag condition must not hold for them by proxy.
        let (resource, _) = try resourcePolicies(for: governingArn)
        let request = AuthorizationRequest(
            principal: PolicyPrincipal(principal), action: qualified, resource: resourceArnPrefix, resourceOwner: resourceOwner,
            context: context)
        let pattern = WildcardPattern(tokens: WildcardPattern(literal: resourceArnPrefix).tokens + [.anyRun])
        guard PolicyEngine.mayAllow(request, anyResourceLike: pattern, identityPolicies: identity, resourcePolicies: resource) else {
            throw ServiceError(
                .accessDenied,
                "User: \(principal.arn) is not authorized to perform: \(qualified) on any resource matching: \(resourceArnPrefix)* "
                    + "because no policy allows it on any of them, or one denies it on all")
        }
    }
}
