import GranaryCore
import Testing

/// The check made before a publish body names its package: `WildcardPattern.overlaps` and
/// `PolicyEngine.mayAllow`, which must refuse only whom every package's own check would refuse.
@Suite struct PolicyAnyResourceTests {
    typealias F = PolicyFixture

    static let prefix = "arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/pypi/"

    @Test(arguments: [
        ("a*", "*b", true), ("a*", "b*", false), ("a?c", "*c", true), ("abc", "abc", true), ("abc", "abd", false),
        ("*", "", true), ("a", "", false), ("a*c", "*x", false), ("a*b*c", "*x*", true), ("a*b*c", "*b*", true), ("??", "a", false),
        ("x*", "x", true), ("*:*", "a:b", true),
    ])
    func overlaps(a: String, b: String, expected: Bool) {
        #expect(WildcardPattern(glob: a).overlaps(WildcardPattern(glob: b)) == expected)
        #expect(WildcardPattern(glob: b).overlaps(WildcardPattern(glob: a)) == expected)
    }

    static func mayAllow(identity: [String], resource: [String] = [], as principal: PolicyPrincipal = F.alice) throws -> Bool {
        let identityPolicies = try identity.enumerated().map {
            NamedPolicy(name: "identity-\($0.offset)", policy: try Policy.parse($0.element, kind: .identity))
        }
        let resourcePolicies = try resource.enumerated().map {
            NamedPolicy(name: "resource-\($0.offset)", policy: try Policy.parse($0.element, kind: .resource), attachedTo: F.repo)
        }
        let request = AuthorizationRequest(principal: principal, action: F.publish, resource: prefix, resourceOwner: F.accountA)
        let pattern = WildcardPattern(tokens: WildcardPattern(literal: prefix).tokens + [.anyRun])
        return PolicyEngine.mayAllow(request, anyResourceLike: pattern, identityPolicies: identityPolicies, resourcePolicies: resourcePolicies)
    }

    @Test func aReaderMayPublishNothing() throws {
        #expect(try !Self.mayAllow(identity: [F.doc(F.stmt(action: #"["codeartifact:ReadFromRepository", "codeartifact:Get*"]"#))]))
    }

    @Test func aPublisherOfOnePackageMayGoOn() throws {
        #expect(try Self.mayAllow(identity: [F.doc(F.stmt(action: #""codeartifact:PublishPackageVersion""#, resource: "\"\(Self.prefix)/only\""))]))
        #expect(try Self.mayAllow(identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:*:package/acme/*/pypi/*""#))]))
    }

    @Test func aPublisherElsewhereMayNot() throws {
        #expect(try !Self.mayAllow(identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:*:package/acme/secret/*""#))]))
        #expect(try !Self.mayAllow(identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:*:package/acme/releases/npm/*""#))]))
    }

    @Test func aDenyCountsOnlyWhenItCoversEveryPackage() throws {
        let everything = F.stmt()
        #expect(try !Self.mayAllow(identity: [F.doc(everything, F.stmt("Deny", resource: #""arn:aws:codeartifact:*:*:package/acme/releases/*""#))]))
        #expect(try !Self.mayAllow(identity: [F.doc(everything, F.stmt("Deny", action: #""codeartifact:Publish*""#))]))
        #expect(try Self.mayAllow(identity: [F.doc(everything, F.stmt("Deny", resource: "\"\(Self.prefix)/secret-*\""))]))
        #expect(try Self.mayAllow(identity: [F.doc(everything, F.stmt("Deny", resource: #""*""#, resourceKey: "NotResource"))]))
    }

    @Test func acrossAccountsBothSidesMustAllow() throws {
        let identity = [F.doc(F.stmt())]
        #expect(try !Self.mayAllow(identity: identity, as: F.bob))
        let resource = [F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#, action: #""codeartifact:PublishPackageVersion""#))]
        #expect(try Self.mayAllow(identity: identity, resource: resource, as: F.bob))
    }
}
