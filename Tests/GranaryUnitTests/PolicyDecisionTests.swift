import GranaryCore
import Testing

/// The explanation a decision carries: which statements decided, and which side was missing.
@Suite struct PolicyDecisionTests {
    typealias F = PolicyFixture

    static func named(_ name: String, _ text: String, _ kind: Policy.Kind, attachedTo: String? = nil) throws -> NamedPolicy {
        NamedPolicy(name: name, policy: try Policy.parse(text, kind: kind), attachedTo: attachedTo)
    }

    static func request(_ principal: PolicyPrincipal, _ action: String = F.read) -> AuthorizationRequest {
        AuthorizationRequest(principal: principal, action: action, resource: F.repo, resourceOwner: F.accountA)
    }

    @Test func allowNamesEveryGrantingStatement() throws {
        let identity = try Self.named("dev", F.doc(F.stmt(action: #""s3:*""#), F.stmt(sid: "Read")), .identity)
        let resource = try Self.named("repository policy", F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#)), .resource)
        let decision = PolicyEngine.evaluate(Self.request(F.bob), identityPolicies: [identity], resourcePolicies: [resource])
        #expect(decision.effect == .allow)
        #expect(decision.crossAccount)
        #expect(decision.isAllowed)
        #expect(
            decision.statements == [
                .init(policyName: "dev", side: .identityPolicy, index: 1, sid: "Read", effect: .allow),
                .init(policyName: "repository policy", side: .resourcePolicy, index: 0, sid: nil, effect: .allow),
            ])
        #expect(decision.description == "Allow by Allow dev Statement[1] (Read), Allow repository policy Statement[0]")
    }

    @Test func explicitDenyNamesOnlyTheDenies() throws {
        let identity = try Self.named("dev", F.doc(F.stmt(), F.stmt("Deny", sid: "NoRead")), .identity)
        let resource = try Self.named("repo", F.doc(F.rstmt("Deny", principal: #""*""#)), .resource)
        let decision = PolicyEngine.evaluate(Self.request(F.alice), identityPolicies: [identity], resourcePolicies: [resource])
        #expect(decision.effect == .explicitDeny)
        #expect(!decision.isAllowed)
        #expect(decision.statements.map(\.effect) == [.deny, .deny])
        #expect(decision.statements.map(\.policyName) == ["dev", "repo"])
        #expect(decision.statements.first?.sid == "NoRead")
        #expect(decision.missingAllowFrom.isEmpty)
    }

    @Test func crossAccountImplicitDenySaysWhichSideIsMissing() throws {
        let identity = try Self.named("dev", F.doc(F.stmt()), .identity)
        let resource = try Self.named("repo", F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#)), .resource)
        let noResource = PolicyEngine.evaluate(Self.request(F.bob), identityPolicies: [identity], resourcePolicies: [])
        #expect(noResource.effect == .implicitDeny)
        #expect(noResource.missingAllowFrom == [.resourcePolicy])
        #expect(noResource.statements.map(\.policyName) == ["dev"])
        let noIdentity = PolicyEngine.evaluate(Self.request(F.bob), identityPolicies: [], resourcePolicies: [resource])
        #expect(noIdentity.missingAllowFrom == [.identityPolicy])
        let neither = PolicyEngine.evaluate(Self.request(F.bob), identityPolicies: [], resourcePolicies: [])
        #expect(neither.missingAllowFrom == [.identityPolicy, .resourcePolicy])
        #expect(neither.crossAccount)
        #expect(noIdentity.description.contains("cross-account"))
    }

    @Test func sameAccountImplicitDeny() {
        let decision = PolicyEngine.evaluate(Self.request(F.alice), identityPolicies: [], resourcePolicies: [])
        #expect(decision == PolicyDecision(effect: .implicitDeny, statements: [], missingAllowFrom: [.identityPolicy, .resourcePolicy], crossAccount: false))
        #expect(decision.description == "ImplicitDeny: no Allow from IdentityPolicy or ResourcePolicy")
    }

    @Test func principalKeysCannotBeSpoofedThroughTheContext() throws {
        let identity = try Self.named("dev", F.doc(F.stmt(condition: #"{"StringEquals": {"aws:username": "admin"}}"#)), .identity)
        let spoofed = AuthorizationRequest(
            principal: F.alice, action: F.read, resource: F.repo, resourceOwner: F.accountA, context: ["aws:username": "admin", "AWS:USERNAME": "admin"])
        #expect(PolicyEngine.evaluate(spoofed, identityPolicies: [identity], resourcePolicies: []).effect == .implicitDeny)
    }

    @Test func accountRootHasNoUserName() throws {
        let identity = try Self.named("root", F.doc(F.stmt(condition: #"{"Null": {"aws:username": "true"}, "StringEquals": {"aws:PrincipalType": "Account", "aws:userid": "111122223333"}}"#)), .identity)
        #expect(PolicyEngine.evaluate(Self.request(F.rootA), identityPolicies: [identity], resourcePolicies: []).isAllowed)
        #expect(!PolicyEngine.evaluate(Self.request(F.alice), identityPolicies: [identity], resourcePolicies: []).isAllowed)
    }

    @Test func principalFromTheModel() {
        let principal = PolicyPrincipal(Principal(accountId: F.accountB, userName: "bob", userId: "AIDABOB000001", organizationId: "o-granary1"))
        #expect(principal == F.bob)
    }

    @Test func globalContextKeys() {
        let keys = AuthorizationRequest.globalContext(
            sourceIp: "203.0.113.7", secureTransport: true, currentTime: 1_714_564_800.9, resourceTags: ["team": "blue"],
            requestTags: ["b": "2", "a": "1"])
        #expect(keys["aws:SourceIp"] == "203.0.113.7")
        #expect(keys["aws:SecureTransport"] == true)
        #expect(keys["aws:CurrentTime"] == .date(epochSeconds: 1_714_564_800.9))
        #expect(keys["aws:EpochTime"] == .number(1_714_564_800))
        #expect(keys["aws:ResourceTag/team"] == "blue")
        #expect(keys["aws:RequestTag/a"] == "1")
        #expect(keys["aws:TagKeys"] == ["a", "b"])
        #expect(AuthorizationRequest.globalContext().isEmpty)
    }
}
