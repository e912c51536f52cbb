@testable import ControlPlane
import GranaryCore
import HTTP
import Testing

/// `explain` shows a deciding statement only to a caller the Authorizer lets read its policy;
/// the control plane refuses an ambiguous query before anything else.
@Suite struct ExplainVisibilityTests {
    /// Allows exactly the listed (action, ARN) pairs.
    struct FixedAuthorizer: Authorizer {
        let allowed: Set<String>

        func authorize(
            _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]
        ) throws {
            guard allowed.contains(action + " " + resourceArn) else { throw ServiceError(.accessDenied, "no") }
        }

        func explain(
            _ principal: Principal, action: String, resourceArn: String, resourceOwner: String, keys: [String: ConditionValue]
        ) throws -> PolicyDecision {
            PolicyDecision(effect: .implicitDeny, statements: [], crossAccount: false)
        }

        func authorize(
            _ principal: Principal, action: String, anyResourceUnder resourceArnPrefix: String, governedBy governingArn: String,
            resourceOwner: String
        ) throws {
            throw ServiceError(.accessDenied, "no")
        }
    }

    static let caller = Principal(accountId: "111111111111", userName: "admin", userId: "AIDAADMIN")
    static let subject = "arn:aws:iam::111111111111:user/bob"
    static let domain = "arn:aws:codeartifact:us-east-1:222222222222:domain/d"
    static let repository = "arn:aws:codeartifact:us-east-1:222222222222:repository/d/r"

    func statement(_ side: PolicyDecision.Side, _ attachedTo: String?) -> PolicyDecision.Statement {
        .init(policyName: "p", side: side, index: 0, sid: "S", effect: .allow, attachedTo: attachedTo)
    }

    func visibility(_ allowed: [String]) -> ExplainVisibility {
        ExplainVisibility(caller: Self.caller, authorizer: FixedAuthorizer(allowed: Set(allowed)), subjectArn: Self.subject)
    }

    @Test func eachPolicyNeedsItsOwnReadPermission() throws {
        var none = visibility([])
        #expect(try !none.mayRead(statement(.identityPolicy, nil)))
        #expect(try !none.mayRead(statement(.resourcePolicy, Self.domain)))
        #expect(try !none.mayRead(statement(.resourcePolicy, Self.repository)))

        var reader = visibility([
            "granary:GetUserPolicy \(Self.subject)", "codeartifact:GetDomainPermissionsPolicy \(Self.domain)",
            "codeartifact:GetRepositoryPermissionsPolicy \(Self.repository)",
        ])
        #expect(try reader.mayRead(statement(.identityPolicy, nil)))
        #expect(try reader.mayRead(statement(.resourcePolicy, Self.domain)))
        #expect(try reader.mayRead(statement(.resourcePolicy, Self.repository)))

        // The permission is per policy: reading the repository's does not open the domain's.
        var repositoryOnly = visibility(["codeartifact:GetRepositoryPermissionsPolicy \(Self.repository)"])
        #expect(try !repositoryOnly.mayRead(statement(.resourcePolicy, Self.domain)))
        #expect(try repositoryOnly.mayRead(statement(.resourcePolicy, Self.repository)))
    }

    @Test func aResourceStatementOfUnknownOriginIsHidden() throws {
        var all = visibility(["codeartifact:GetDomainPermissionsPolicy *"])
        #expect(try !all.mayRead(statement(.resourcePolicy, nil)))
        #expect(try !all.mayRead(statement(.resourcePolicy, "arn:aws:codeartifact:us-east-1:222222222222:package/d/r/generic/n/p")))
    }

    @Test func ambiguousQueriesAreRefused() throws {
        #expect(throws: APIError.self) { try UnambiguousQuery.check(Query("domain=a&domain=b")) }
        #expect(throws: APIError.self) { try UnambiguousQuery.check(Query("domain=a&%64omain=a")) }
        #expect(throws: APIError.self) { try UnambiguousQuery.check(Query("domain=%zz")) }
        try UnambiguousQuery.check(Query("domain=a&domain-owner=b&package=a+b"))
        // A list parameter may repeat; nothing else may, whichever comes first.
        try UnambiguousQuery.check(Query("principal=a&principal=b&resourceArn=x"), repeatable: ["principal"])
        #expect(throws: APIError.self) {
            try UnambiguousQuery.check(Query("principal=a&principal=b&x=1&x=2"), repeatable: ["principal"])
        }
    }
}
