/// The one Authorizer: IAM's evaluation (PolicyEngine) over the caller's identity policies and
/// the resource policies of the target — the domain's policy for a domain, the domain's and the
/// repository's for a repository or a package. Built per request: it carries the request's
/// condition keys (source IP, transport, time) and the thread's stores.
public struct PolicyAuthorizer: Authorizer {
    let identityPolicies: IdentityPolicyStore
    let resourcePolicies: PolicyStore
    let tags: TagStore
    let domains: DomainStore
    let repositories: RepositoryStore
    let region: String
    let context: [String: ConditionValue]
    let parsed: ParsedPolicyCache
    /// Decisions that depend on nothing but the policies (no conditions, no variables), kept
    /// while the access counter stands (package protocols); nil evaluates every time.
    let decisions: AccessCache?
    /// Where a package group's own tags are (`aws:ResourceTag` on package-group ARNs).
    let packageGroups: PackageGroupStore?

    public init(
        identityPolicies: IdentityPolicyStore, resourcePolicies: PolicyStore, tags: TagStore, domains: DomainStore,
        repositories: RepositoryStore, region: String, context: [String: ConditionValue], parsed: ParsedPolicyCache,
        decisions: AccessCache? = nil, packageGroups: PackageGroupStore? = nil
    ) {
        self.decisions = decisions
        self.packageGroups = packageGroups
        self.identityPolicies = identityPolicies
        self.resourcePolicies = resourcePolicies
        self.tags = tags
        self.domains = domains
        self.repositories = repositories
        self.region = region
        self.context = context
        self.parsed = parsed
    }

    public func authorize(
        _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]
    ) throws {
        let qualified = action.contains(":") ? action : "codeartifact:" + action
        let decision: PolicyDecision
        let key = principal.userId + "\u{1}" + qualified + "\u{1}" + resourceArn + "\u{1}" + resourceOwner
        if keys.isEmpty, let known = decisions?.decisions[key] {
            decision = known
        } else {
            let evaluated = try evaluate(principal, action: qualified, resourceArn: resourceArn, resourceOwner: resourceOwner, keys: keys)
            decision = evaluated.decision
            if keys.isEmpty, let decisions, !evaluated.readsContext { decisions.remember(decision, for: key) }
            if !keys.isEmpty || evaluated.readsContext { decisions?.noteContextRead() }
        }
        guard decision.isAllowed else {
            let reason = decision.effect == .explicitDeny ? "with an explicit deny in a policy" : "because no policy allows it"
            throw ServiceError(
                .accessDenied, "User: \(principal.arn) is not authorized to perform: \(qualified) on resource: \(resourceArn) \(reason)")
        }
    }

    /// The full decision, with the statements that made it (Granary's explain endpoint).
    public func explain(
        _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue] = [:]
    ) throws -> PolicyDecision {
        try evaluate(principal, action: action, resourceArn: resourceArn, resourceOwner: resourceOwner, keys: keys).decision
    }

    /// The decision, and whether any policy involved reads the request's context (then the
    /// decision may differ for the same principal, action and resource).
    private func evaluate(
        _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]
    ) throws -> (decision: PolicyDecision, readsContext: Bool) {
        let identity = try identityPolicies.policies(userId: principal.userId).map { stored in
            let name = "user/\(principal.userName)/\(stored.name)"
            return NamedPolicy(name: name, policy: try parseStored(stored.document, kind: .identity, name: name))
        }
        let (resource, resourceTags) = try resourcePolicies(for: resourceArn)
        var all = context.merging(keys) { $1 }
        for (key, value) in resourceTags { all["aws:ResourceTag/\(key)"] = .string(value) }
        let request = AuthorizationRequest(
            principal: PolicyPrincipal(principal), action: action, resource: resourceArn, resourceOwner: resourceOwner, context: all)
        let readsContext = (identity + resource).contains { $0.policy.statements.contains(where: \.readsContext) }
        return (PolicyEngine.evaluate(request, identityPolicies: identity, resourcePolicies: resource), readsContext)
    }

    /// A stored policy was validated when it was put; one that no longer parses (a stricter
    /// parser since) is the server's problem, not the caller's: InternalServer, never a 400.
    func parseStored(_ text: String, kind: Policy.Kind, name: String) throws -> Policy {
        do {
            return try parsed.policy(text, kind: kind)
        } catch {
            throw ServiceError(.internalServer, "The stored policy \(name) could not be evaluated: \(error.message)")
        }
    }

    /// The policies attached to the target and its domain, and the target's tags.
    func resourcePolicies(for arn: String) throws -> ([NamedPolicy], [String: String]) {
        guard let target = ResourceTarget(arn: arn, region: region), let domain = try domains.domain(owner: target.owner, name: target.domain)
        else { return ([], [:]) }
        var policies: [NamedPolicy] = []
        var tagged = [String: String]()
        let domainArn = domain.arn(region: region)
        if let stored = try resourcePolicies.policy(kind: .domain, id: domain.id) {
            let name = "domain/\(domain.name)"
            policies.append(NamedPolicy(name: name, policy: try parseStored(stored.document, kind: .resource, name: name), attachedTo: domainArn))
        }
        guard let name = target.repository else {
            // A package group is governed by its domain's policy; its tags are its own.
            if let pattern = target.packageGroupPattern {
                for tag in try packageGroupTags(domain, pattern) { tagged[tag.key] = tag.value }
            } else {
                for tag in try tags.tags(kind: .domain, id: domain.id) { tagged[tag.key] = tag.value }
            }
            return (policies, tagged)
        }
        guard let repositoryId = try repositories.repositoryId(domainId: domain.id, name: name) else { return (policies, [:]) }
        let repositoryArn = ARN.repository(region: region, owner: domain.owner, domain: domain.name, repository: name)
        if let stored = try resourcePolicies.policy(kind: .repository, id: repositoryId) {
            let policyName = "repository/\(domain.name)/\(name)"
            policies.append(NamedPolicy(
                name: policyName, policy: try parseStored(stored.document, kind: .resource, name: policyName),
                attachedTo: repositoryArn))
        }
        if !target.isPackage {
            for tag in try tags.tags(kind: .repository, id: repositoryId) { tagged[tag.key] = tag.value }
        }
        return (policies, tagged)
    }
}

extension PolicyAuthorizer {
    /// The tags of the group an ARN's pattern names; none when it does not exist (yet).
    fileprivate func packageGroupTags(_ domain: Domain, _ patternText: String) throws -> [Tag] {
        guard let packageGroups, let pattern = try? PackageGroupPattern.parse(patternText) else { return [] }
        let hierarchy = PackageGroupHierarchy(try packageGroups.groups(domainId: domain.id), domainId: domain.id, domainCreated: domain.createdTime)
        guard let group = hierarchy.group(pattern), group.id > 0 else { return [] }
        return try packageGroups.tags(groupId: group.id)
    }
}

/// The owner, domain and repository a codeartifact ARN names (domain, repository, package or
/// package group).
struct ResourceTarget {
    let owner: String
    let domain: String
    let repository: String?
    let isPackage: Bool
    /// A package group's pattern, decoded.
    var packageGroupPattern: String?

    init?(arn: String, region: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "codeartifact", parts[3] == region, Identifiers.isAccountId(String(parts[4])) else { return nil }
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        owner = String(parts[4])
        switch path.first {
        case "domain" where path.count == 2:
            (domain, repository, isPackage) = (path[1], nil, false)
        case "repository" where path.count == 3:
            (domain, repository, isPackage) = (path[1], path[2], false)
        case "package" where path.count >= 6:
            (domain, repository, isPackage) = (path[1], path[2], true)
        case "package-group" where path.count >= 3:
            (domain, repository, isPackage) = (path[1], nil, false)
            guard let pattern = PackageGroupPattern.decode("/" + path[2...].joined(separator: "/")) else { return nil }
            packageGroupPattern = pattern
        default:
            return nil
        }
    }
}
