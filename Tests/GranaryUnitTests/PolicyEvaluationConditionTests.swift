import GranaryCore
import Testing

/// String, Arn, Bool, Null, Numeric and Date operators, IfExists and absent keys, as IAM documents them.
@Suite struct PolicyEvaluationConditionTests {
    typealias F = PolicyFixture
    typealias C = EvaluationCase
    static let tags: [String: ConditionValue] = AuthorizationRequest.globalContext(resourceTags: ["team": "blue"])
    static let clock: [String: ConditionValue] = AuthorizationRequest.globalContext(currentTime: F.now)

    static let cases: [EvaluationCase] = [
        // String operators.
        C.when("StringEquals matches", .allow, #"{"StringEquals": {"aws:username": "alice"}}"#),
        C.when("StringEquals is case-sensitive", .implicitDeny, #"{"StringEquals": {"aws:username": "Alice"}}"#),
        C.when("StringEqualsIgnoreCase ignores case", .allow, #"{"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}"#),
        C.when("several values are ORed", .allow, #"{"StringEquals": {"aws:username": ["bob", "alice"]}}"#),
        C.when("StringEquals has no wildcards", .implicitDeny, #"{"StringEquals": {"aws:username": "al*"}}"#),
        C.when("StringNotEquals: value is none of them", .allow, #"{"StringNotEquals": {"aws:username": ["bob", "carol"]}}"#),
        C.when("StringNotEquals: several values are NORed", .implicitDeny, #"{"StringNotEquals": {"aws:username": ["bob", "alice"]}}"#),
        C.when("StringNotEqualsIgnoreCase", .implicitDeny, #"{"StringNotEqualsIgnoreCase": {"aws:username": "ALICE"}}"#),
        C.when("StringLike with *", .allow, #"{"StringLike": {"aws:username": "al*"}}"#),
        C.when("StringLike with ?", .allow, #"{"StringLike": {"aws:username": "a?ice"}}"#),
        C.when("StringLike is case-sensitive", .implicitDeny, #"{"StringLike": {"aws:username": "AL*"}}"#),
        C.when("StringNotLike", .allow, #"{"StringNotLike": {"aws:username": "b*"}}"#),
        C.when("StringNotLike matching the value", .implicitDeny, #"{"StringNotLike": {"aws:userid": "AIDA*"}}"#),
        C.when("absent key: StringEquals is false", .implicitDeny, #"{"StringEquals": {"aws:ResourceTag/team": "blue"}}"#),
        C.when("absent key: StringNotEquals is true", .allow, #"{"StringNotEquals": {"aws:ResourceTag/team": "blue"}}"#),
        C.when("absent key: StringNotLike is true", .allow, #"{"StringNotLike": {"aws:ResourceTag/team": "b*"}}"#),
        C.when("absent key: StringEqualsIfExists is true", .allow, #"{"StringEqualsIfExists": {"aws:ResourceTag/team": "red"}}"#),
        C.when("present key: StringEqualsIfExists compares", .implicitDeny, #"{"StringEqualsIfExists": {"aws:ResourceTag/team": "red"}}"#, context: tags),
        C.when("absent key: StringNotEqualsIfExists is true", .allow, #"{"StringNotEqualsIfExists": {"aws:ResourceTag/team": "blue"}}"#),
        C.when("resource tag matches", .allow, #"{"StringEquals": {"aws:ResourceTag/team": "blue"}}"#, context: tags),
        C.when("condition key names are case-insensitive", .allow, #"{"StringEquals": {"AWS:USERNAME": "alice", "aws:resourcetag/Team": "blue"}}"#, context: tags),
        C.when("tag values are case-sensitive", .implicitDeny, #"{"StringEquals": {"aws:ResourceTag/team": "Blue"}}"#, context: tags),
        C.when("request tag mismatch", .implicitDeny, #"{"StringEquals": {"aws:RequestTag/env": "prod"}}"#, context: AuthorizationRequest.globalContext(requestTags: ["env": "dev"])),
        C.when("keys of one operator are ANDed", .implicitDeny, #"{"StringEquals": {"aws:username": "alice", "aws:PrincipalAccount": "444455556666"}}"#),
        C.when("operators are ANDed: both hold", .allow, #"{"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": true]),
        C.when("operators are ANDed: one fails", .implicitDeny, #"{"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": false]),
        C.when("principal account key", .allow, #"{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#),
        C.when("user id key", .allow, #"{"StringEquals": {"aws:userid": "AIDAALICE0001"}}"#),
        // Arn operators: six colon-separated parts, each with wildcards.
        C.when("ArnLike over user names", .allow, #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/*"}}"#),
        C.when("ArnEquals also takes wildcards", .allow, #"{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*:user/alice"}}"#),
        C.when("ArnLike with another account", .implicitDeny, #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::444455556666:*"}}"#),
        C.when("ArnLike parts do not run together", .implicitDeny, #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:*"}}"#),
        C.when("ArnNotLike", .allow, #"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::444455556666:*"}}"#),
        C.when("ArnNotEquals matching the value", .implicitDeny, #"{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}}"#),
        // Bool.
        C.when("Bool true over TLS", .allow, #"{"Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": true]),
        C.when("Bool true over plain HTTP", .implicitDeny, #"{"Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": false]),
        C.when("Bool with a JSON boolean value", .allow, #"{"Bool": {"aws:SecureTransport": true}}"#, context: ["aws:SecureTransport": true]),
        C.when("Bool with the key absent", .implicitDeny, #"{"Bool": {"aws:SecureTransport": "true"}}"#),
        C.when("BoolIfExists with the key absent", .allow, #"{"BoolIfExists": {"aws:SecureTransport": "true"}}"#),
        C.denyWhen("deny plain HTTP: plain HTTP", .explicitDeny, #"{"Bool": {"aws:SecureTransport": "false"}}"#, context: ["aws:SecureTransport": false]),
        C.denyWhen("deny plain HTTP: TLS", .allow, #"{"Bool": {"aws:SecureTransport": "false"}}"#, context: ["aws:SecureTransport": true]),
        C.denyWhen("deny plain HTTP: key absent", .allow, #"{"Bool": {"aws:SecureTransport": "false"}}"#),
        // Null.
        C.when("Null true: key absent", .allow, #"{"Null": {"aws:ResourceTag/team": "true"}}"#),
        C.when("Null true: key present", .implicitDeny, #"{"Null": {"aws:ResourceTag/team": "true"}}"#, context: tags),
        C.when("Null false: key present", .allow, #"{"Null": {"aws:ResourceTag/team": "false"}}"#, context: tags),
        C.when("Null false: key absent", .implicitDeny, #"{"Null": {"aws:ResourceTag/team": "false"}}"#),
        // Numeric.
        C.when("NumericLessThan", .allow, #"{"NumericLessThan": {"aws:EpochTime": "2000000000"}}"#, context: clock),
        C.when("NumericGreaterThan", .implicitDeny, #"{"NumericGreaterThan": {"aws:EpochTime": 2000000000}}"#, context: clock),
        C.when("NumericEquals", .allow, #"{"NumericEquals": {"aws:EpochTime": "1714564800"}}"#, context: clock),
        C.when("NumericNotEquals of the value", .implicitDeny, #"{"NumericNotEquals": {"aws:EpochTime": "1714564800"}}"#, context: clock),
        C.when("NumericLessThanEquals at the boundary", .allow, #"{"NumericLessThanEquals": {"aws:EpochTime": "1714564800"}}"#, context: clock),
        C.when("NumericGreaterThanEquals at the boundary", .allow, #"{"NumericGreaterThanEquals": {"aws:EpochTime": "1714564800.0"}}"#, context: clock),
        C.when("numeric text in the request", .allow, #"{"NumericGreaterThan": {"codeartifact:maxResults": "10"}}"#, context: ["codeartifact:maxResults": "50"]),
        C.when("Numeric with the key absent", .implicitDeny, #"{"NumericLessThan": {"codeartifact:maxResults": "10"}}"#),
        C.when("NumericNotEquals with the key absent", .allow, #"{"NumericNotEquals": {"codeartifact:maxResults": "10"}}"#),
        // Date.
        C.when("DateGreaterThan", .allow, #"{"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}"#, context: clock),
        C.when("DateLessThan a date-only value", .implicitDeny, #"{"DateLessThan": {"aws:CurrentTime": "2024-01-01"}}"#, context: clock),
        C.when("DateLessThan in epoch seconds", .allow, #"{"DateLessThan": {"aws:CurrentTime": "1714564801"}}"#, context: clock),
        C.when("DateEquals across time zones", .allow, #"{"DateEquals": {"aws:CurrentTime": "2024-05-01T14:00:00+02:00"}}"#, context: clock),
        C.when("DateNotEquals of the same instant", .implicitDeny, #"{"DateNotEquals": {"aws:CurrentTime": "2024-05-01T12:00:00.000Z"}}"#, context: clock),
        C.when("DateGreaterThanEquals at the boundary", .allow, #"{"DateGreaterThanEquals": {"aws:CurrentTime": "2024-05-01T12:00:00Z"}}"#, context: clock),
        C.when("DateLessThanEquals at the boundary", .allow, #"{"DateLessThanEquals": {"aws:CurrentTime": "2024-05-01T12:00:00Z"}}"#, context: clock),
        C.when("Date operators on aws:EpochTime", .allow, #"{"DateGreaterThan": {"aws:EpochTime": "2024-04-30T00:00:00Z"}}"#, context: clock),
        C.when("Date with the key absent", .implicitDeny, #"{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}}"#),
        C.when("DateLessThanIfExists with the key absent", .allow, #"{"DateLessThanIfExists": {"aws:CurrentTime": "2020-01-01"}}"#),
        C.when("String operators see aws:CurrentTime as ISO 8601", .allow, #"{"StringLike": {"aws:CurrentTime": "2024-05-01T*"}}"#, context: clock),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: EvaluationCase) throws {
        let decision = try testCase.decide()
        #expect(decision.effect == testCase.expected, "\(decision)")
    }
}
