import GranaryCore
import Testing

/// Each template parses with the engine's own parser and grants exactly what it says: its actions,
/// on its resource and what that contains, to its principals, and nothing else.
@Suite struct PolicyTemplatesTests {
    typealias F = PolicyFixture
    typealias Template = PolicyTemplates.Template

    static let actions = [
        "AssociateExternalConnection", "CopyPackageVersions", "CreateDomain", "CreatePackageGroup", "CreateRepository", "DeleteDomain",
        "DeleteDomainPermissionsPolicy", "DeletePackage", "DeletePackageGroup", "DeletePackageVersions", "DeleteRepository",
        "DeleteRepositoryPermissionsPolicy", "DescribeDomain", "DescribePackage", "DescribePackageGroup", "DescribePackageVersion",
        "DescribeRepository", "DisassociateExternalConnection", "DisposePackageVersions", "GetAssociatedPackageGroup",
        "GetAuthorizationToken", "GetDomainPermissionsPolicy", "GetPackageVersionReadme", "GetRepositoryEndpoint",
        "GetRepositoryPermissionsPolicy", "ListAllowedRepositoriesForGroup", "ListAssociatedPackages", "ListDomains", "ListPackageGroups",
        "ListPackageVersionAssets", "ListPackageVersionDependencies", "ListPackageVersions", "ListPackages", "ListRepositories",
        "ListRepositoriesInDomain", "ListSubPackageGroups", "ListTagsForResource", "PublishPackageVersion", "PutDomainPermissionsPolicy",
        "PutPackageMetadata", "PutPackageOriginConfiguration", "PutRepositoryPermissionsPolicy", "ReadFromRepository", "TagResource",
        "UntagResource", "UpdatePackageGroup", "UpdatePackageGroupOriginConfiguration", "UpdatePackageVersionsStatus", "UpdateRepository",
    ].map { "codeartifact:" + $0 }

    static let foreignDomain = "arn:aws:codeartifact:us-east-1:111122223333:domain/other"
    static let foreignRepo = "arn:aws:codeartifact:us-east-1:111122223333:repository/other/releases"
    static let foreignPackage = "arn:aws:codeartifact:us-east-1:111122223333:package/acme/secret/npm//left-pad"

    /// What `template`, attached to its resource, lets `principal` (whose identity policy allows
    /// everything) do.
    static func decide(_ template: Template, principals: [String], as principal: PolicyPrincipal, action: String, on arn: String,
                       context: [String: ConditionValue] = [:]) throws -> PolicyDecision.Effect {
        let target = template.isRepositoryTemplate ? F.repo : F.domain
        let text = try PolicyTemplates.document(template, resourceArn: target, principals: principals)
        let policy = NamedPolicy(name: template.rawValue, policy: try Policy.parse(text, kind: .resource), attachedTo: target)
        let identity = NamedPolicy(name: "all", policy: try Policy.parse(F.doc(F.stmt(action: #""*""#)), kind: .identity))
        let request = AuthorizationRequest(principal: principal, action: action, resource: arn, resourceOwner: F.accountA, context: context)
        return PolicyEngine.evaluate(request, identityPolicies: [identity], resourcePolicies: [policy]).effect
    }

    static func expectedActions(_ template: Template) -> Set<String> {
        template.actions == ["codeartifact:*"] ? Set(actions) : Set(template.actions)
    }

    @Test(arguments: Template.allCases)
    func grantsExactlyItsActionsInScope(_ template: Template) throws {
        let inScope = template.isRepositoryTemplate ? [F.repo, F.package] : [F.domain, F.repo, F.package]
        let ownPolicyActions: Set<String> = template.isRepositoryTemplate
            ? ["codeartifact:PutRepositoryPermissionsPolicy", "codeartifact:DeleteRepositoryPermissionsPolicy"]
            : ["codeartifact:PutDomainPermissionsPolicy", "codeartifact:DeleteDomainPermissionsPolicy"]
        let target = template.isRepositoryTemplate ? F.repo : F.domain
        for action in Self.actions {
            for arn in inScope {
                let ignored = ownPolicyActions.contains(action) && arn == target
                let expected: PolicyDecision.Effect = Self.expectedActions(template).contains(action) && !ignored ? .allow : .implicitDeny
                let actual = try Self.decide(template, principals: [F.accountB], as: F.bob, action: action, on: arn)
                #expect(actual == expected, "\(template) \(action) on \(arn)")
            }
            let outOfScope = template.isRepositoryTemplate
                ? [F.domain, F.otherRepo, Self.foreignPackage, Self.foreignDomain] : [Self.foreignDomain, Self.foreignRepo]
            for arn in outOfScope {
                #expect(try Self.decide(template, principals: [F.accountB], as: F.bob, action: action, on: arn) == .implicitDeny, "\(action) on \(arn)")
            }
            #expect(try Self.decide(template, principals: [F.accountB], as: F.carol, action: action, on: target) == .implicitDeny)
        }
    }

    @Test(arguments: Template.allCases)
    func serviceBearerTokenOnlyInDomainTemplates(_ template: Template) throws {
        let codeartifact: [String: ConditionValue] = ["sts:AWSServiceName": "codeartifact.amazonaws.com"]
        let expected: PolicyDecision.Effect = template.isRepositoryTemplate ? .implicitDeny : .allow
        #expect(try Self.decide(template, principals: [F.accountB], as: F.bob, action: "sts:GetServiceBearerToken", on: "*", context: codeartifact) == expected)
        #expect(try Self.decide(template, principals: [F.accountB], as: F.bob, action: "sts:GetServiceBearerToken", on: "*") == .implicitDeny)
        #expect(try Self.decide(template, principals: [F.accountB], as: F.bob, action: "sts:GetServiceBearerToken", on: "*",
                                context: ["sts:AWSServiceName": "ecr.amazonaws.com"]) == .implicitDeny)
    }

    @Test func principalListsAndUserPrincipals() throws {
        let principals = ["arn:aws:iam::444455556666:user/bob", "777788889999"]
        #expect(try Self.decide(.repositoryReadOnly, principals: principals, as: F.bob, action: F.read, on: F.repo) == .allow)
        #expect(try Self.decide(.repositoryReadOnly, principals: principals, as: F.erin, action: F.read, on: F.repo) == .implicitDeny)
        #expect(try Self.decide(.repositoryReadOnly, principals: principals, as: F.carol, action: F.read, on: F.repo) == .allow)
        #expect(try Self.decide(.repositoryReadOnly, principals: ["*"], as: F.erin, action: F.read, on: F.repo) == .allow)
        let text = try PolicyTemplates.document(.domainContributor, resourceArn: F.domain, principals: ["arn:aws:iam::444455556666:root"])
        #expect(text.contains(#""Principal": { "AWS": "arn:aws:iam::444455556666:root" }"#))
        #expect(text.contains(#""Resource": ["arn:aws:codeartifact:us-east-1:111122223333:domain/acme", "#))
        #expect(text.hasPrefix("{\n  \"Version\": \"2012-10-17\","))
    }

    @Test func rejectsBadInput() {
        #expect(throws: ServiceError.self) { try PolicyTemplates.document(.repositoryReadOnly, resourceArn: F.domain, principals: ["*"]) }
        #expect(throws: ServiceError.self) { try PolicyTemplates.document(.domainFullAccess, resourceArn: F.repo, principals: ["*"]) }
        #expect(throws: ServiceError.self) { try PolicyTemplates.document(.domainFullAccess, resourceArn: F.domain, principals: []) }
        #expect(throws: ServiceError.self) { try PolicyTemplates.document(.domainFullAccess, resourceArn: F.domain, principals: ["bob"]) }
        #expect(throws: ServiceError.self) {
            try PolicyTemplates.document(.repositoryFullAccess, resourceArn: "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/*", principals: ["*"])
        }
        #expect(throws: ServiceError.self) { try PolicyTemplates.document(.domainContributor, resourceArn: "arn:aws:s3:::bucket", principals: ["*"]) }
    }

    @Test func documentedActionLists() {
        #expect(Template.repositoryReadOnly.actions.contains("codeartifact:ReadFromRepository"))
        #expect(Set(Template.repositoryReadAndPublish.actions).subtracting(Template.repositoryReadOnly.actions)
            == ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"])
        #expect(Set(Template.domainContributor.actions) == [
            "codeartifact:CreateRepository", "codeartifact:DescribeDomain", "codeartifact:GetAuthorizationToken",
            "codeartifact:GetDomainPermissionsPolicy", "codeartifact:ListRepositoriesInDomain",
        ])
        #expect(Template.allCases.allSatisfy { !$0.summary.isEmpty })
    }
}
