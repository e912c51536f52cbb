import GranaryCore
import Testing

/// IP addresses, the ForAnyValue / ForAllValues set qualifiers on multi-valued keys, and policy variables.
@Suite struct PolicyEvaluationSetAndVariableTests {
    typealias F = PolicyFixture
    typealias C = EvaluationCase

    static func ip(_ address: String) -> [String: ConditionValue] { AuthorizationRequest.globalContext(sourceIp: address) }
    static func tagKeys(_ keys: [String]) -> [String: ConditionValue] { ["aws:TagKeys": .strings(keys)] }
    static let home = "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/home-alice"
    static let ownHome = F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/acme/home-${aws:username}""#))

    static let cases: [EvaluationCase] = [
        // IpAddress / NotIpAddress, IPv4 and IPv6.
        C.when("IPv4 inside the block", .allow, #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, context: ip("203.0.113.7")),
        C.when("IPv4 outside the block", .implicitDeny, #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, context: ip("203.0.114.7")),
        C.when("NotIpAddress outside the block", .allow, #"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, context: ip("198.51.100.1")),
        C.when("NotIpAddress inside a listed block", .implicitDeny, #"{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}"#, context: ip("10.1.2.3")),
        C.when("any of several blocks", .allow, #"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}"#, context: ip("203.0.113.200")),
        C.when("a bare address is a /32", .allow, #"{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}"#, context: ip("203.0.113.7")),
        C.when("/0 covers every IPv4 address", .allow, #"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#, context: ip("8.8.8.8")),
        C.when("IPv6 inside the block", .allow, #"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#, context: ip("2001:db8:1::5")),
        C.when("IPv6 outside the block", .implicitDeny, #"{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}"#, context: ip("2001:db9::5")),
        C.when("IPv4 address against an IPv6 block", .implicitDeny, #"{"IpAddress": {"aws:SourceIp": "::/0"}}"#, context: ip("203.0.113.7")),
        C.when("IpAddress with the key absent", .implicitDeny, #"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#),
        C.when("NotIpAddress with the key absent", .allow, #"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#),
        C.denyWhen("deny outside the corporate network", .explicitDeny, #"{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#, context: ip("198.51.100.1")),
        C.denyWhen("deny outside the corporate network, from inside", .allow, #"{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#, context: ip("2001:db8::1")),
        // Set qualifiers on the multi-valued aws:TagKeys.
        C.when("ForAllValues: every key listed", .allow, #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}"#, context: tagKeys(["env"])),
        C.when("ForAllValues: one key not listed", .implicitDeny, #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}"#, context: tagKeys(["env", "owner"])),
        C.when("ForAllValues: key absent is true", .allow, #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}"#),
        C.when("ForAllValues: empty set is true", .allow, #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}"#, context: tagKeys([])),
        C.when("ForAllValues with Null false requires the key", .implicitDeny, #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}, "Null": {"aws:TagKeys": "false"}}"#),
        C.when("ForAnyValue: one key listed", .allow, #"{"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}"#, context: tagKeys(["env", "owner"])),
        C.when("ForAnyValue: no key listed", .implicitDeny, #"{"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}"#, context: tagKeys(["owner"])),
        C.when("ForAnyValue: key absent is false", .implicitDeny, #"{"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}"#),
        C.when("ForAnyValue:StringLike", .allow, #"{"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}}"#, context: tagKeys(["teamX", "env"])),
        C.when("ForAnyValue:StringNotEquals: some key unlisted", .allow, #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "env"}}"#, context: tagKeys(["env", "x"])),
        C.when("ForAnyValue:StringNotEquals: all keys listed", .implicitDeny, #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "env"}}"#, context: tagKeys(["env"])),
        C.when("ForAllValues:StringEqualsIgnoreCase", .allow, #"{"ForAllValues:StringEqualsIgnoreCase": {"aws:TagKeys": ["ENV", "Team"]}}"#, context: tagKeys(["env", "team"])),
        C.denyWhen("deny ForAllValues:StringNotLike key1*: key2 only", .explicitDeny, #"{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}"#, context: tagKeys(["key2:audit"])),
        C.denyWhen("deny ForAllValues:StringNotLike key1*: key1 only", .allow, #"{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}"#, context: tagKeys(["key1:hr", "key1:personnel"])),
        C.denyWhen("deny ForAllValues:StringNotLike key1*: no keys", .explicitDeny, #"{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}"#),
        C.when("multi-valued key without qualifier matches any value", .allow, #"{"StringEquals": {"aws:TagKeys": "env"}}"#, context: tagKeys(["owner", "env"])),
        // Policy variables (2012-10-17).
        EvaluationCase("${aws:username} in Resource", .allow, identity: [ownHome], on: home),
        EvaluationCase("${aws:username} in Resource for another user", .implicitDeny, identity: [ownHome], as: F.dave, on: home),
        EvaluationCase("2008-10-17 takes ${…} literally", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/acme/home-${aws:username}""#), version: "2008-10-17")], on: home),
        EvaluationCase("2008-10-17 literal text matches itself", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:us-east-1:111122223333:repository/acme/home-${aws:username}""#), version: "2008-10-17")], on: "arn:aws:codeartifact:us-east-1:111122223333:repository/acme/home-${aws:username}"),
        EvaluationCase("${aws:PrincipalAccount} in Resource", .allow, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:${aws:PrincipalAccount}:repository/*""#))]),
        EvaluationCase("${aws:PrincipalAccount} in Resource, cross account", .implicitDeny, identity: [F.doc(F.stmt(resource: #""arn:aws:codeartifact:*:${aws:PrincipalAccount}:repository/*""#))], resource: [F.doc(F.rstmt(principal: #""*""#))], as: F.bob),
        C.when("variable in a condition value", .allow, #"{"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["owner": "alice"])),
        C.when("variable in a condition value, other owner", .implicitDeny, #"{"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["owner": "dave"])),
        C.when("${aws:userid} inside StringLike", .allow, #"{"StringLike": {"aws:ResourceTag/owner": "*:${aws:userid}"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["owner": "x:AIDAALICE0001"])),
        C.when("an unresolvable variable matches nothing", .implicitDeny, #"{"StringEquals": {"aws:PrincipalOrgID": "${aws:PrincipalOrgID}"}}"#, as: F.carol),
        C.when("a variable's default value", .allow, #"{"StringEquals": {"aws:username": "${aws:RequestTag/owner, 'alice'}"}}"#),
        C.when("${*} is a literal star", .implicitDeny, #"{"StringLike": {"aws:ResourceTag/note": "a${*}b"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["note": "axxb"])),
        C.when("${*} matches a star", .allow, #"{"StringLike": {"aws:ResourceTag/note": "a${*}b"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["note": "a*b"])),
        C.when("${?} and ${$} escapes", .allow, #"{"StringEquals": {"aws:ResourceTag/note": "why${?} ${$}5"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["note": "why? $5"])),
        C.when("a variable's value is literal, not a wildcard", .implicitDeny, #"{"StringLike": {"aws:username": "${aws:ResourceTag/pattern}"}}"#, context: AuthorizationRequest.globalContext(resourceTags: ["pattern": "a*"])),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: EvaluationCase) throws {
        let decision = try testCase.decide()
        #expect(decision.effect == testCase.expected, "\(decision)")
    }
}
