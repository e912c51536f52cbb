import GranaryCore

/// Which deciding statements an `explain` answer may show its caller.
///
/// A statement is shown only to a caller who may read the policy it belongs to, asked of the one
/// Authorizer exactly as the call that reads that policy would ask:
///
/// - a user's identity policy: `granary:GetUserPolicy` on that user's ARN;
/// - a domain's resource policy: `codeartifact:GetDomainPermissionsPolicy` on the domain's ARN;
/// - a repository's resource policy: `codeartifact:GetRepositoryPermissionsPolicy` on its ARN.
///
/// The same rule holds in every case, the caller's own policies and own account included, so
/// `explain` never shows more than the caller could read anyway; in particular another account's
/// policy (which needs that account's resource policy to allow the read too) stays hidden unless
/// that account shares it. Hidden statements are still reported as having decided — one entry
/// per side and effect, so the decision stays explained — without the policy's name, the
/// statements' positions, their Sids or their number.
struct ExplainVisibility {
    let caller: Principal
    let authorizer: Authorizer
    /// The ARN of the user whose identity policies were evaluated.
    let subjectArn: String
    private var known: [String: Bool] = [:]

    init(caller: Principal, authorizer: Authorizer, subjectArn: String) {
        self.caller = caller
        self.authorizer = authorizer
        self.subjectArn = subjectArn
    }

    /// Whether the caller may read the policy `statement` belongs to.
    mutating func mayRead(_ statement: PolicyDecision.Statement) throws -> Bool {
        guard let (action, arn) = readAction(statement), let owner = ResourceOwner.account(of: arn) else { return false }
        let key = action.rawValue + "\u{1}" + arn
        if let answer = known[key] { return answer }
        let answer: Bool
        do {
            try authorizer.authorize(caller, action: action.qualified, resourceArn: arn, resourceOwner: owner, keys: [:])
            answer = true
        } catch let error as ServiceError where error.kind == .accessDenied {
            answer = false
        }
        known[key] = answer
        return answer
    }

    /// The read action for the policy a statement came from, and the ARN it is authorized on.
    private func readAction(_ statement: PolicyDecision.Statement) -> (Action, String)? {
        switch statement.side {
        case .identityPolicy:
            return (.getUserPolicy, subjectArn)
        case .resourcePolicy:
            guard let arn = statement.attachedTo else { return nil }
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "codeartifact" else { return nil }
            if parts[5].hasPrefix("domain/") { return (.getDomainPermissionsPolicy, arn) }
            if parts[5].hasPrefix("repository/") { return (.getRepositoryPermissionsPolicy, arn) }
            return nil
        }
    }
}
