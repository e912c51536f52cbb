import GranaryCore
import Testing

/// What the parser rejects (with the reason) and what it accepts.
@Suite struct PolicyParserTests {
    typealias F = PolicyFixture

    struct Rejection: Sendable, CustomTestStringConvertible {
        let text: String
        let kind: Policy.Kind
        let reason: String
        var testDescription: String { reason }
        init(_ kind: Policy.Kind, _ text: String, _ reason: String) {
            self.text = text
            self.kind = kind
            self.reason = reason
        }
    }

    static let allow = #""Effect": "Allow", "Action": "codeartifact:*", "Resource": "*""#
    static func withCondition(_ condition: String) -> String { F.doc("{\(allow), \"Condition\": \(condition)}") }

    static let rejections: [Rejection] = [
        Rejection(.identity, "{not json", "not valid JSON"),
        Rejection(.identity, "[]", "must be a JSON object"),
        Rejection(.identity, #"{"Version": "2012-10-17", "Statement": [{\#(allow)}], "Foo": 1}"#, "unknown element Foo"),
        Rejection(.identity, #"{"Version": "2012-10-18", "Statement": [{\#(allow)}]}"#, "Version must be"),
        Rejection(.identity, #"{"Version": 2012, "Statement": [{\#(allow)}]}"#, "Version must be"),
        Rejection(.identity, #"{"Version": "2012-10-17"}"#, "Statement element is missing"),
        Rejection(.identity, #"{"Version": "2012-10-17", "Statement": []}"#, "non-empty array"),
        Rejection(.identity, #"{"Version": "2012-10-17", "Statement": "x"}"#, "non-empty array"),
        Rejection(.identity, #"{"Version": "2012-10-17", "Statement": ["x"]}"#, "Statement[0]: a statement must be a JSON object"),
        Rejection(.identity, #"{"Statement": [{\#(allow)}], "Id": 7}"#, "Id must be a string"),
        Rejection(.identity, F.doc(#"{\#(allow)}"#, #"{\#(allow), "Effects": "Allow"}"#), "Statement[1]: unknown element Effects"),
        Rejection(.identity, F.doc(#"{"Effect": "allow", "Action": "*", "Resource": "*"}"#), "Effect must be"),
        Rejection(.identity, F.doc(#"{"Action": "*", "Resource": "*"}"#), "Effect must be"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Resource": "*"}"#), "Action or NotAction element is required"),
        Rejection(.identity, F.doc(#"{\#(allow), "NotAction": "s3:*"}"#), "Action and NotAction may not both"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#), "Action must be a string or a non-empty list"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": 5, "Resource": "*"}"#), "Action must be a string or a non-empty list"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "ReadFromRepository", "Resource": "*"}"#), "must be \"*\" or service:Action"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*:Read*", "Resource": "*"}"#), "must be \"*\" or service:Action"),
        Rejection(.identity, F.doc(#"{\#(allow), "Principal": "*"}"#), "identity policy must not specify a Principal"),
        Rejection(.identity, F.doc(#"{\#(allow), "NotPrincipal": {"AWS": "111122223333"}}"#), "identity policy must not specify a Principal"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*"}"#), "Resource or NotResource element is required"),
        Rejection(.identity, F.doc(#"{\#(allow), "NotResource": "*"}"#), "Resource and NotResource may not both"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*", "Resource": "repository/acme"}"#), "must be \"*\" or an ARN"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:codeartifact:*:repository/acme/x"}"#), "must be \"*\" or an ARN"),
        Rejection(.resource, F.doc(#"{\#(allow)}"#), "needs a Principal or NotPrincipal"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": "*", "NotPrincipal": "*"}"#), "Principal and NotPrincipal may not both"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": "arn:aws:iam::123:root"}}"#), "invalid principal in policy"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": "11112222333a"}}"#), "invalid principal in policy"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"}}"#), "invalid principal in policy"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"}}"#), "invalid principal in policy"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": "arn:aws:iam::111122223333:user/"}}"#), "invalid principal in policy"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"Service": "codeartifact.amazonaws.com"}}"#), "supports only AWS principals"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {}}"#), "Principal must be \"*\" or an object"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": "bob"}"#), "Principal must be \"*\" or an object"),
        Rejection(.resource, F.doc(#"{\#(allow), "Principal": {"AWS": []}}"#), "Principal.AWS must be a string or a non-empty list"),
        Rejection(.identity, withCondition(#"[]"#), "Condition must be a JSON object"),
        Rejection(.identity, withCondition(#"{"StringEqual": {"aws:username": "a"}}"#), "unknown condition operator StringEqual"),
        Rejection(.identity, withCondition(#"{"NullIfExists": {"aws:username": "true"}}"#), "unknown condition operator NullIfExists"),
        Rejection(.identity, withCondition(#"{"ForAnyValue:Null": {"aws:TagKeys": "true"}}"#), "unknown condition operator ForAnyValue:Null"),
        Rejection(.identity, withCondition(#"{"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}"#), "unknown condition operator"),
        Rejection(.identity, withCondition(#"{"StringEquals": "alice"}"#), "must be a non-empty object of condition keys"),
        Rejection(.identity, withCondition(#"{"StringEquals": {}}"#), "must be a non-empty object of condition keys"),
        Rejection(.identity, withCondition(#"{"StringEquals": {"username": "alice"}}"#), "must be prefixed by a service"),
        Rejection(.identity, withCondition(#"{"StringEquals": {"aws:username": []}}"#), "has no values"),
        Rejection(.identity, withCondition(#"{"StringEquals": {"aws:username": null}}"#), "must be strings, numbers or booleans"),
        Rejection(.identity, withCondition(#"{"StringEquals": {"aws:username": [{"a": 1}]}}"#), "must be strings, numbers or booleans"),
        Rejection(.identity, withCondition(#"{"NumericLessThan": {"aws:EpochTime": "ten"}}"#), "needs a number"),
        Rejection(.identity, withCondition(#"{"DateLessThan": {"aws:CurrentTime": "yesterday"}}"#), "needs an ISO 8601 date"),
        Rejection(.identity, withCondition(#"{"DateLessThan": {"aws:CurrentTime": "2024-13-01"}}"#), "needs an ISO 8601 date"),
        Rejection(.identity, withCondition(#"{"DateLessThan": {"aws:CurrentTime": "2023-02-29T00:00:00Z"}}"#), "needs an ISO 8601 date"),
        Rejection(.identity, withCondition(#"{"IpAddress": {"aws:SourceIp": "300.1.1.1/8"}}"#), "needs an IPv4 or IPv6 address"),
        Rejection(.identity, withCondition(#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"#), "needs an IPv4 or IPv6 address"),
        Rejection(.identity, withCondition(#"{"NotIpAddress": {"aws:SourceIp": "2001:db8:::1/64"}}"#), "needs an IPv4 or IPv6 address"),
        Rejection(.identity, withCondition(#"{"Bool": {"aws:SecureTransport": "yes"}}"#), "needs true or false"),
        Rejection(.identity, withCondition(#"{"Null": {"aws:username": "maybe"}}"#), "needs true or false"),
        Rejection(.identity, F.doc(#"{"Sid": "A", \#(allow)}"#, #"{"Sid": "A", \#(allow)}"#), "Statement[1]: the Sid \"A\" is not unique"),
        Rejection(.identity, F.doc(#"{"Sid": "read all", \#(allow)}"#), "must be alphanumeric"),
        Rejection(.identity, F.doc(#"{"Sid": 1, \#(allow)}"#), "Sid must be a string"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:codeartifact:*:*:repository/${aws:username"}"#), "has no closing }"),
        Rejection(.identity, F.doc(#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:codeartifact:*:*:repository/${username}"}"#), "is not a policy variable"),
        Rejection(.identity, withCondition(#"{"StringEquals": {"aws:username": "${aws:username, alice}"}}"#), "must be in single quotes"),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: Rejection) {
        do {
            _ = try Policy.parse(rejection.text, kind: rejection.kind)
            Issue.record("accepted: \(rejection.text)")
        } catch {
            #expect(error.kind == .validation)
            #expect(error.message.hasPrefix("Invalid policy document: "))
            #expect(error.message.contains(rejection.reason), "\(error.message)")
        }
    }

    @Test func acceptsCodeArtifactDocumentationExamples() throws {
        let organization = #"""
            {"Version": "2012-10-17", "Statement": {"Sid": "DomainPolicyForOrganization", "Effect": "Allow", "Principal": "*",
             "Action": ["codeartifact:GetDomainPermissionsPolicy", "codeartifact:ListRepositoriesInDomain",
                        "codeartifact:GetAuthorizationToken", "codeartifact:DescribeDomain", "codeartifact:CreateRepository"],
             "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-xxxxxxxxxxx"]}}}}
            """#
        let policy = try Policy.parse(organization, kind: .resource)
        #expect(policy.version == .v2012)
        #expect(policy.statements.count == 1)
        #expect(policy.statements[0].sid == "DomainPolicyForOrganization")
        #expect(policy.statements[0].conditions.first?.conditionOperator == ConditionOperator(qualifier: nil, base: .stringEquals, ifExists: false))
        let publish = #"""
            {"Version": "2012-10-17", "Statement": [{"Action": ["codeartifact:PublishPackageVersion"], "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
             "Resource": "arn:aws:codeartifact:region-id:111122223333:package/my_domain/example-repo/npm/parity/ui"}]}
            """#
        #expect(try Policy.parse(publish, kind: .resource).statements[0].resourcePatterns?.values.count == 1)
    }

    @Test func acceptsWhatIAMAccepts() throws {
        // No Version: 2008-10-17, where ${…} is plain text (even when it would be malformed).
        let old = try Policy.parse(#"{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::${oops"}}"#, kind: .identity)
        #expect(old.version == .v2008)
        // A resource policy may leave Resource out; its Sids may contain spaces.
        _ = try Policy.parse(F.doc(#"{"Sid": "read all", "Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "codeartifact:*"}"#), kind: .resource)
        // Condition values may be JSON numbers and booleans; Bool takes a variable.
        _ = try Policy.parse(F.doc(F.stmt(condition: #"{"NumericLessThan": {"aws:EpochTime": 5}, "Bool": {"aws:SecureTransport": [true, "${aws:SecureTransport}"]}}"#)), kind: .identity)
        // Set qualifiers, IfExists, user ARNs with paths, NotPrincipal.
        _ = try Policy.parse(F.doc(F.rstmt(principal: #"{"AWS": "arn:aws:iam::111122223333:user/dev/team-a/alice"}"#, condition: #"{"ForAllValues:StringLikeIfExists": {"aws:TagKeys": "a*"}}"#, principalKey: "NotPrincipal")), kind: .resource)
        // Escapes and defaults.
        _ = try Policy.parse(F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:*:repository/${*}/${aws:username, 'x'}""#)), kind: .identity)
    }
}
