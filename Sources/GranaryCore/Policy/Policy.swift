/// A parsed IAM-style policy document: an identity policy (attached to a user; no Principal) or
/// a resource policy (attached to a domain or repository; every statement names its principals).
/// `Policy.parse` rejects, with ValidationException, whatever IAM would reject; `PolicyEngine`
/// evaluates parsed policies.
public struct Policy: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case identity
        case resource
    }

    /// 2012-10-17 enables policy variables; 2008-10-17 (the default when Version is left out)
    /// reads `${…}` as plain text.
    public enum Version: String, Sendable {
        case v2012 = "2012-10-17"
        case v2008 = "2008-10-17"
    }

    public let kind: Kind
    public let version: Version
    public let id: String?
    public let statements: [PolicyStatement]

    init(kind: Kind, version: Version, id: String?, statements: [PolicyStatement]) {
        self.kind = kind
        self.version = version
        self.id = id
        self.statements = statements
    }

    /// Parses and validates a policy document. Throws `ServiceError.validation` naming the problem.
    public static func parse(_ text: String, kind: Kind) throws(ServiceError) -> Policy {
        try PolicyParser(kind: kind).parse(text)
    }
}

/// A policy with the name the `explain` answer shows (an identity policy's name, or
/// "repository policy of …"), and for a resource policy the ARN of the resource it is attached to:
/// a resource policy is ignored for the Put/Delete…PermissionsPolicy request on that very
/// resource, so that its owner cannot lock themselves out.
public struct NamedPolicy: Sendable, Equatable {
    public let name: String
    public let policy: Policy
    public let attachedTo: String?

    public init(name: String, policy: Policy, attachedTo: String? = nil) {
        self.name = name
        self.policy = policy
        self.attachedTo = attachedTo
    }
}
