/// The answer for one request, with its reasons (what the `explain` endpoint shows).
///
/// - `allow`: `statements` are the Allow statements that granted it (identity and resource side).
/// - `explicitDeny`: `statements` are the Deny statements that matched; one is enough.
/// - `implicitDeny`: nothing denied, but not enough allowed. `missingAllowFrom` says which side had
///   no matching Allow: for a cross-account request each side that is missing (both are needed);
///   within one account both sides (either one would have sufficed). `statements` are the Allow
///   statements that did match on the other side of a cross-account request, if any.
public struct PolicyDecision: Sendable, Equatable, CustomStringConvertible {
    public enum Effect: String, Sendable {
        case allow = "Allow"
        case explicitDeny = "ExplicitDeny"
        case implicitDeny = "ImplicitDeny"
    }

    /// Which kind of policy a statement came from.
    public enum Side: String, Sendable {
        case identityPolicy = "IdentityPolicy"
        case resourcePolicy = "ResourcePolicy"
    }

    /// One statement of one policy, as the explanation names it.
    public struct Statement: Sendable, Equatable, CustomStringConvertible {
        public let policyName: String
        public let side: Side
        /// Zero-based position in the policy's Statement list.
        public let index: Int
        public let sid: String?
        public let effect: PolicyStatement.Effect
        /// For a resource policy, the ARN of the domain or repository it is attached to (who may
        /// read the statement depends on it); nil for an identity policy, which belongs to the
        /// request's principal.
        public let attachedTo: String?

        public init(
            policyName: String, side: Side, index: Int, sid: String?, effect: PolicyStatement.Effect, attachedTo: String? = nil
        ) {
            self.policyName = policyName
            self.side = side
            self.index = index
            self.sid = sid
            self.effect = effect
            self.attachedTo = attachedTo
        }

        public var description: String {
            "\(effect.rawValue) \(policyName) Statement[\(index)]" + (sid.map { " (\($0))" } ?? "")
        }
    }

    public let effect: Effect
    public let statements: [Statement]
    public let missingAllowFrom: [Side]
    public let crossAccount: Bool

    public init(effect: Effect, statements: [Statement], missingAllowFrom: [Side] = [], crossAccount: Bool) {
        self.effect = effect
        self.statements = statements
        self.missingAllowFrom = missingAllowFrom
        self.crossAccount = crossAccount
    }

    public var isAllowed: Bool { effect == .allow }

    public var description: String {
        switch effect {
        case .allow:
            return "Allow by " + statements.map(\.description).joined(separator: ", ")
        case .explicitDeny:
            return "ExplicitDeny by " + statements.map(\.description).joined(separator: ", ")
        case .implicitDeny:
            let missing = missingAllowFrom.map(\.rawValue).joined(separator: crossAccount ? " and " : " or ")
            return "ImplicitDeny: no Allow from \(missing)" + (crossAccount ? " (cross-account: both are needed)" : "")
        }
    }
}
