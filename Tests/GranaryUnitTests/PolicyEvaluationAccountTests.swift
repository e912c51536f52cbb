import GranaryCore
import Testing

/// Principals, same-account and cross-account rules, organizations and the lock-out guard.
@Suite struct PolicyEvaluationAccountTests {
    typealias F = PolicyFixture
    static let allowAll = F.doc(F.stmt())

    static let cases: [EvaluationCase] = [
        // Same account: a resource policy alone suffices when its Principal matches.
        EvaluationCase("same account, resource policy names the user", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#))]),
        EvaluationCase("same account, resource policy names the account id", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": "111122223333"}"#))]),
        EvaluationCase("same account, resource policy names the account root", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:root"}"#))]),
        EvaluationCase("Principal * matches everyone", .allow, resource: [F.doc(F.rstmt(principal: #""*""#))]),
        EvaluationCase("Principal AWS * matches everyone", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": "*"}"#))]),
        EvaluationCase("resource policy names another user of the account", .implicitDeny, resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:user/dave"}"#))]),
        EvaluationCase("resource policy names another account", .implicitDeny, resource: [F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#))]),
        EvaluationCase("same account, identity allow alone suffices", .allow, identity: [allowAll]),
        EvaluationCase("same account, both allow", .allow, identity: [allowAll], resource: [F.doc(F.rstmt())]),
        EvaluationCase("principal lists: any entry matches", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": ["777788889999", "arn:aws:iam::111122223333:user/alice"]}"#))]),
        // Cross account: both sides must allow.
        EvaluationCase("cross account, identity policy only", .implicitDeny, identity: [allowAll], as: F.bob),
        EvaluationCase("cross account, resource policy only", .implicitDeny, resource: [F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#))], as: F.bob),
        EvaluationCase("cross account, both allow (account id)", .allow, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "444455556666"}"#))], as: F.bob),
        EvaluationCase("cross account, both allow (root ARN)", .allow, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::444455556666:root"}"#))], as: F.bob),
        EvaluationCase("cross account, both allow (user ARN)", .allow, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::444455556666:user/bob"}"#))], as: F.bob),
        EvaluationCase("cross account, resource policy names another user of B", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::444455556666:user/erin"}"#))], as: F.bob),
        EvaluationCase("cross account, resource policy names the owner's account only", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt())], as: F.bob),
        EvaluationCase("cross account, resource policy allows another action", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#, action: #""codeartifact:ListPackages""#))], as: F.bob),
        EvaluationCase("cross account, identity policy allows another resource", .implicitDeny, identity: [F.doc(F.stmt(resource: #""\#(F.otherRepo)""#))], resource: [F.doc(F.rstmt(principal: #""*""#))], as: F.bob),
        EvaluationCase("cross account, identity deny beats both allows", .explicitDeny, identity: [allowAll, F.doc(F.stmt("Deny"))], resource: [F.doc(F.rstmt(principal: #""*""#))], as: F.bob),
        EvaluationCase("cross account, resource deny for the account", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#), F.rstmt("Deny", principal: #"{"AWS": "444455556666"}"#))], as: F.bob),
        EvaluationCase("same account request with the other side's deny", .allow, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #"{"AWS": "444455556666"}"#))]),
        // NotPrincipal: everyone except the listed principals.
        EvaluationCase("NotPrincipal allow covers an unlisted account", .allow, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "777788889999"}"#, principalKey: "NotPrincipal"))], as: F.bob),
        EvaluationCase("NotPrincipal allow excludes the listed account", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #"{"AWS": "777788889999"}"#, principalKey: "NotPrincipal"))], as: F.carol),
        EvaluationCase("NotPrincipal deny spares the listed account", .allow, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #"{"AWS": "111122223333"}"#, principalKey: "NotPrincipal"))]),
        EvaluationCase("NotPrincipal deny hits everyone else", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#), F.rstmt("Deny", principal: #"{"AWS": "111122223333"}"#, principalKey: "NotPrincipal"))], as: F.carol),
        EvaluationCase("NotPrincipal deny of one user spares that user", .allow, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#, principalKey: "NotPrincipal"))]),
        EvaluationCase("NotPrincipal deny of one user hits the account's other users", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#, principalKey: "NotPrincipal"))], as: F.dave),
        // Organizations.
        EvaluationCase("org condition admits a member account", .allow, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#, condition: #"{"StringEquals": {"aws:PrincipalOrgID": "o-granary1"}}"#))], as: F.bob),
        EvaluationCase("org condition rejects an account outside any organization", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#, condition: #"{"StringEquals": {"aws:PrincipalOrgID": "o-granary1"}}"#))], as: F.carol),
        EvaluationCase("org condition rejects another organization", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#, condition: #"{"StringEquals": {"aws:PrincipalOrgID": "o-granary1"}}"#))], as: F.erin),
        EvaluationCase("deny outside the organization", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#), F.rstmt("Deny", principal: #""*""#, condition: #"{"StringNotEquals": {"aws:PrincipalOrgID": "o-granary1"}}"#))], as: F.carol),
        // The account root is a principal like any other: policies decide.
        EvaluationCase("account root matched by its account", .allow, resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:root"}"#))], as: F.rootA),
        EvaluationCase("account root is not a user of its account", .implicitDeny, resource: [F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#))], as: F.rootA),
        EvaluationCase("account root without any policy", .implicitDeny, as: F.rootA),
        // Lock-out guard: a resource policy is ignored for Put/Delete of itself.
        EvaluationCase("own policy ignored for PutRepositoryPermissionsPolicy", .allow, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #""*""#))], attachedTo: F.repo, action: "codeartifact:PutRepositoryPermissionsPolicy"),
        EvaluationCase("own policy ignored for DeleteRepositoryPermissionsPolicy", .allow, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #""*""#))], attachedTo: F.repo, action: "codeartifact:DeleteRepositoryPermissionsPolicy"),
        EvaluationCase("own policy still applies to other actions", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #""*""#))], attachedTo: F.repo),
        EvaluationCase("the domain policy still applies to a repository policy update", .explicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt("Deny", principal: #""*""#))], attachedTo: F.domain, action: "codeartifact:PutRepositoryPermissionsPolicy"),
        EvaluationCase("a resource policy cannot grant another account its own update", .implicitDeny, identity: [allowAll], resource: [F.doc(F.rstmt(principal: #""*""#))], attachedTo: F.domain, as: F.bob, action: "codeartifact:PutDomainPermissionsPolicy", on: F.domain),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: EvaluationCase) throws {
        let decision = try testCase.decide()
        #expect(decision.effect == testCase.expected, "\(decision)")
    }
}
