import GranaryCore
import Testing

/// Fixtures for the policy engine tests: three accounts (A owns the resources; A and B are in the
/// organization o-granary1; C in none), their users, and the resources of domain `acme` in A.
enum PolicyFixture {
    static let accountA = "111122223333"
    static let accountB = "444455556666"
    static let accountC = "777788889999"

    static let alice = PolicyPrincipal.user(accountId: accountA, name: "alice", userId: "AIDAALICE0001", organizationId: "o-granary1")
    static let dave = PolicyPrincipal.user(accountId: accountA, name: "dave", userId: "AIDADAVE00001", organizationId: "o-granary1")
    static let bob = PolicyPrincipal.user(accountId: accountB, name: "bob", userId: "AIDABOB000001", organizationId: "o-granary1")
    static let erin = PolicyPrincipal.user(accountId: accountB, name: "erin", userId: "AIDAERIN00001", organizationId: "o-other")
    static let carol = PolicyPrincipal.user(accountId: accountC, name: "carol", userId: "AIDACAROL0001")
    static let rootA = PolicyPrincipal.accountRoot(accountA, organizationId: "o-granary1")

    static let domain = "arn:aws:codeartifact:us-east-1:111122223333:domain/acme"
    static let repo = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/releases"
    static let otherRepo = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/secret"
    static let package = "arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/npm//left-pad"

    static let read = "codeartifact:ReadFromRepository"
    static let publish = "codeartifact:PublishPackageVersion"

    /// 2024-05-01T12:00:00Z.
    static let now = 1_714_564_800.0

    /// A 2012-10-17 policy of the given statements (JSON objects as text).
    static func doc(_ statements: String..., version: String = "2012-10-17") -> String {
        "{\"Version\": \"\(version)\", \"Statement\": [\(statements.joined(separator: ","))]}"
    }

    /// An identity-policy statement.
    static func stmt(
        _ effect: String = "Allow", action: String = #""codeartifact:*""#, resource: String = #""*""#, condition: String? = nil,
        sid: String? = nil, actionKey: String = "Action", resourceKey: String = "Resource"
    ) -> String {
        var fields = [#""Effect": "\#(effect)""#, #""\#(actionKey)": \#(action)"#, #""\#(resourceKey)": \#(resource)"#]
        if let condition { fields.append(#""Condition": \#(condition)"#) }
        if let sid { fields.append(#""Sid": "\#(sid)""#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A resource-policy statement for `principal` (JSON text of the Principal value).
    static func rstmt(
        _ effect: String = "Allow", principal: String = #"{"AWS": "111122223333"}"#, action: String = #""codeartifact:*""#,
        resource: String = #""*""#, condition: String? = nil, principalKey: String = "Principal"
    ) -> String {
        var fields = [
            #""Effect": "\#(effect)""#, #""\#(principalKey)": \#(principal)"#, #""Action": \#(action)"#, #""Resource": \#(resource)"#,
        ]
        if let condition { fields.append(#""Condition": \#(condition)"#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// One row of an evaluation table: policies as JSON text, a request, the expected effect.
struct EvaluationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: PolicyDecision.Effect
    let identity: [String]
    let resource: [(text: String, attachedTo: String?)]
    let request: AuthorizationRequest

    var testDescription: String { name }

    init(
        _ name: String, _ expected: PolicyDecision.Effect, identity: [String] = [], resource: [String] = [],
        attachedTo: String? = nil, as principal: PolicyPrincipal = PolicyFixture.alice, action: String = PolicyFixture.read,
        on arn: String = PolicyFixture.repo, owner: String = PolicyFixture.accountA, context: [String: ConditionValue] = [:]
    ) {
        self.name = name
        self.expected = expected
        self.identity = identity
        self.resource = resource.map { ($0, attachedTo) }
        self.request = AuthorizationRequest(principal: principal, action: action, resource: arn, resourceOwner: owner, context: context)
    }

    func decide() throws -> PolicyDecision {
        let identityPolicies = try identity.enumerated().map {
            NamedPolicy(name: "identity-\($0.offset)", policy: try Policy.parse($0.element, kind: .identity))
        }
        let resourcePolicies = try resource.enumerated().map {
            NamedPolicy(
                name: "resource-\($0.offset)", policy: try Policy.parse($0.element.text, kind: .resource), attachedTo: $0.element.attachedTo)
        }
        return PolicyEngine.evaluate(request, identityPolicies: identityPolicies, resourcePolicies: resourcePolicies)
    }
}

extension EvaluationCase {
    /// A same-account case whose only policy is an identity Allow of everything under `condition`.
    static func when(
        _ name: String, _ expected: PolicyDecision.Effect, _ condition: String, context: [String: ConditionValue] = [:],
        as principal: PolicyPrincipal = PolicyFixture.alice
    ) -> EvaluationCase {
        EvaluationCase(name, expected, identity: [PolicyFixture.doc(PolicyFixture.stmt(condition: condition))], as: principal, context: context)
    }

    /// A same-account case: Allow everything, and Deny everything under `condition`.
    static func denyWhen(
        _ name: String, _ expected: PolicyDecision.Effect, _ condition: String, context: [String: ConditionValue] = [:]
    ) -> EvaluationCase {
        EvaluationCase(
            name, expected, identity: [PolicyFixture.doc(PolicyFixture.stmt(), PolicyFixture.stmt("Deny", condition: condition))],
            context: context)
    }
}
