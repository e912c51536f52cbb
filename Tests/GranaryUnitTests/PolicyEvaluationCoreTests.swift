import GranaryCore
import Testing

/// Actions, resources, explicit deny: written from IAM's documented evaluation logic.
@Suite struct PolicyEvaluationCoreTests {
    typealias F = PolicyFixture

    static let cases: [EvaluationCase] = [
        // Default: everything is implicitly denied.
        EvaluationCase("no policies at all", .implicitDeny),
        EvaluationCase("identity allow of the exact action and resource", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:ReadFromRepository""#, resource: #""\#(F.repo)""#))]),
        EvaluationCase("identity allow of another action", .implicitDeny, identity: [F.doc(F.stmt(action: #""codeartifact:PublishPackageVersion""#))]),
        // Actions: case-insensitive, * and ? wildcards, lists.
        EvaluationCase("action names are case-insensitive", .allow, identity: [F.doc(F.stmt(action: #""CodeArtifact:readfromREPOSITORY""#))]),
        EvaluationCase("service wildcard codeartifact:*", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:*""#))]),
        EvaluationCase("prefix wildcard Read*", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:Read*""#))]),
        EvaluationCase("prefix wildcard Read* does not cover Publish", .implicitDeny, identity: [F.doc(F.stmt(action: #""codeartifact:Read*""#))], action: F.publish),
        EvaluationCase("single-character wildcard ?", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:ListPackage?ersions""#))], action: "codeartifact:ListPackageVersions"),
        EvaluationCase("? matches exactly one character", .implicitDeny, identity: [F.doc(F.stmt(action: #""codeartifact:ListPackage?ersions""#))], action: "codeartifact:ListPackageVVersions"),
        EvaluationCase("Action * matches every action", .allow, identity: [F.doc(F.stmt(action: #""*""#))], action: "sts:GetServiceBearerToken"),
        EvaluationCase("another service's actions do not match", .implicitDeny, identity: [F.doc(F.stmt(action: #""s3:*""#))]),
        EvaluationCase("any element of an action list", .allow, identity: [F.doc(F.stmt(action: #"["codeartifact:ListPackages", "codeartifact:ReadFromRepository"]"#))]),
        // NotAction: everything except the listed actions.
        EvaluationCase("NotAction allows other actions", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:PublishPackageVersion""#, actionKey: "NotAction"))]),
        EvaluationCase("NotAction excludes the listed action", .implicitDeny, identity: [F.doc(F.stmt(action: #""codeartifact:PublishPackageVersion""#, actionKey: "NotAction"))], action: F.publish),
        EvaluationCase("NotAction codeartifact:* still allows other services", .allow, identity: [F.doc(F.stmt(action: #""codeartifact:*""#, actionKey: "NotAction"))], action: "sts:GetServiceBearerToken"),
        EvaluationCase("NotAction wildcard excludes matching actions", .implicitDeny, identity: [F.doc(F.stmt(action: #""codeartifact:Read*""#, actionKey: "NotAction"))]),
        // Resources: case-sensitive, wildcards per ARN part, lists.
        EvaluationCase("resource wildcard over the repository name", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/acme/*""#))]),
        EvaluationCase("resource ARNs are case-sensitive", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/ACME/releases""#))]),
        EvaluationCase("? in a resource", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/acme/release?""#))]),
        EvaluationCase("wildcard region", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:111122223333:repository/acme/releases""#))]),
        EvaluationCase("another account's ARN", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:444455556666:repository/acme/releases""#))]),
        EvaluationCase("a package pattern does not match the repository", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/*""#))]),
        EvaluationCase("* in the resource part spans slashes", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:package/acme/*""#))], action: F.publish, on: F.package),
        EvaluationCase("any element of a resource list", .allow, identity: [F.doc(F.stmt(resource: #"["\#(F.otherRepo)", "\#(F.repo)"]"#))]),
        EvaluationCase("NotResource allows other resources", .allow, identity: [F.doc(F.stmt(resource: #""\#(F.otherRepo)""#, resourceKey: "NotResource"))]),
        EvaluationCase("NotResource excludes the listed resource", .implicitDeny, identity: [F.doc(F.stmt(resource: #""\#(F.repo)""#, resourceKey: "NotResource"))]),
        EvaluationCase("NotResource with a wildcard", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:*:repository/acme/*""#, resourceKey: "NotResource"))]),
        // Explicit deny wins over any allow.
        EvaluationCase("deny beats allow in the same policy", .explicitDeny, identity: [F.doc(F.stmt(), F.stmt("Deny", action: #""codeartifact:ReadFromRepository""#))]),
        EvaluationCase("deny in another identity policy", .explicitDeny, identity: [F.doc(F.stmt()), F.doc(F.stmt("Deny"))]),
        EvaluationCase("deny in the resource policy beats an identity allow", .explicitDeny, identity: [F.doc(F.stmt())], resource: [F.doc(F.rstmt("Deny", principal: #""*""#))]),
        EvaluationCase("deny in the identity policy beats a resource allow", .explicitDeny, identity: [F.doc(F.stmt("Deny"))], resource: [F.doc(F.rstmt())]),
        EvaluationCase("deny of another action does not apply", .allow, identity: [F.doc(F.stmt(), F.stmt("Deny", action: #""codeartifact:Publish*""#))]),
        EvaluationCase("deny of another resource does not apply", .allow, identity: [F.doc(F.stmt(), F.stmt("Deny", resource: #""\#(F.otherRepo)""#))]),
        EvaluationCase("deny with NotAction denies the rest", .explicitDeny, identity: [F.doc(F.stmt(), F.stmt("Deny", action: #""codeartifact:ReadFromRepository""#, actionKey: "NotAction"))], action: F.publish),
        EvaluationCase("deny with NotAction spares the listed action", .allow, identity: [F.doc(F.stmt(), F.stmt("Deny", action: #""codeartifact:ReadFromRepository""#, actionKey: "NotAction"))]),
        EvaluationCase("deny with NotResource spares the listed resource", .allow, identity: [F.doc(F.stmt(), F.stmt("Deny", resource: #""\#(F.repo)""#, resourceKey: "NotResource"))]),
        EvaluationCase("deny whose condition fails does not apply", .allow, identity: [F.doc(F.stmt(), F.stmt("Deny", condition: #"{"StringEquals": {"aws:username": "bob"}}"#))]),
        EvaluationCase("a lone deny is still a deny, not an implicit one", .explicitDeny, identity: [F.doc(F.stmt("Deny"))]),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: EvaluationCase) throws {
        let decision = try testCase.decide()
        #expect(decision.effect == testCase.expected, "\(decision)")
    }
}
