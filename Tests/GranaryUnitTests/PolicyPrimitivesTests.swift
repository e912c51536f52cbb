import GranaryCore
import Testing

/// The building blocks: wildcards, ARN matching, CIDR blocks, dates, operator names, value forms.
@Suite struct PolicyPrimitivesTests {
    @Test(arguments: [
        ("*", "", true), ("*", "anything", true), ("a*c", "abbbc", true), ("a*c", "ac", true), ("a*c", "acb", false),
        ("a?c", "abc", true), ("a?c", "ac", false), ("*a*a*", "banana", true), ("*x*", "banana", false), ("", "", true),
        ("abc", "abc", true), ("abc", "abcd", false), ("**", "x", true), ("a*b*c", "aXbYbZc", true), ("?", "é", true),
    ])
    func wildcards(pattern: String, subject: String, expected: Bool) {
        #expect(WildcardPattern(glob: pattern).matches(subject) == expected)
    }

    @Test func literalWildcardsStayLiteral() {
        #expect(WildcardPattern(literal: "a*").matches("a*"))
        #expect(!WildcardPattern(literal: "a*").matches("ab"))
        #expect(WildcardPattern(glob: "a*?").text == "a*?")
        #expect(!WildcardPattern(literal: "a*").hasWildcards)
        #expect(WildcardPattern(glob: "a*").hasWildcards)
    }

    @Test func arnMatchingIsPerPart() {
        let arn = "arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/npm//left-pad"
        #expect(WildcardPattern(glob: "*").matchesARN("not an arn"))
        #expect(WildcardPattern(glob: "arn:aws:codeartifact:*:*:package/*").matchesARN(arn))
        #expect(WildcardPattern(glob: "arn:aws:codeartifact:us-east-?:111122223333:*").matchesARN(arn))
        #expect(!WildcardPattern(glob: "arn:aws:*:package/*").matchesARN(arn))
        #expect(!WildcardPattern(glob: "arn:aws:codeartifact:*:*:repository/*").matchesARN(arn))
        #expect(WildcardPattern(glob: "arn:aws:codeartifact:*:*:x:y").matchesARN("arn:aws:codeartifact:r:1:x:y"))
        #expect(!WildcardPattern(glob: "arn:aws:codeartifact:*:*:*").matchesARN("arn:aws:codeartifact"))
    }

    @Test(arguments: [
        ("203.0.113.0/24", "203.0.113.255", true), ("203.0.113.0/24", "203.0.112.255", false), ("10.0.0.0/8", "10.255.0.1", true),
        ("203.0.113.7", "203.0.113.7", true), ("203.0.113.7/32", "203.0.113.8", false), ("0.0.0.0/0", "1.2.3.4", true),
        ("192.168.1.128/25", "192.168.1.200", true), ("192.168.1.128/25", "192.168.1.127", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false), ("::1", "::1", true),
        ("::/0", "fe80::1", true), ("2001:db8::/127", "2001:db8::1", true), ("2001:db8::/128", "2001:db8::1", false),
        ("::ffff:192.0.2.0/120", "::ffff:192.0.2.77", true), ("2001:DB8::/32", "2001:db8::1", true),
        ("10.0.0.0/8", "::ffff:10.0.0.1", false), ("::/0", "10.0.0.1", false), ("10.0.0.0/8", "not-an-ip", false),
        ("10.0.0.0/8", "10.0.0", false), ("2001:db8::/32", "2001:db8::1::2", false),
    ])
    func cidrBlocks(block: String, address: String, expected: Bool) throws {
        let parsed = try #require(CIDRBlock(block))
        #expect(parsed.contains(address) == expected)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.0", "1.2.3.4/", "1.2.3.4/x", "1.2.3.4/33", "::/129", "1:2:3:4:5:6:7:8:9",
        "1::2::3", "12345::", "g::1", "1.2.3.4/-1", "fe80::1%eth0", "1.2.3.04a"])
    func invalidCIDRBlocks(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test(arguments: [
        ("2024-05-01T12:00:00Z", 1_714_564_800.0), ("2024-05-01", 1_714_521_600.0), ("2024-05-01T12:00Z", 1_714_564_800.0),
        ("2024-05-01T14:00:00+02:00", 1_714_564_800.0), ("2024-05-01T07:30:00-0430", 1_714_564_800.0),
        ("2024-05-01T12:00:00.250Z", 1_714_564_800.25), ("2024-05-01T12:00:00", 1_714_564_800.0), ("1714564800", 1_714_564_800.0),
        ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59Z", -1), ("2000-02-29", 951_782_400), ("2100-03-01", 4_107_542_400),
    ])
    func dates(text: String, epoch: Double) {
        #expect(PolicyDate.parse(text) == epoch)
    }

    @Test(arguments: ["", "yesterday", "2024-5-1", "2024-02-30", "2100-02-29", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00Q",
        "2024-05-01T12:00:00.Z", "2024-05-01 12:00:00Z", "2024-05-01T12:00:00+2"])
    func invalidDates(_ text: String) {
        #expect(PolicyDate.parse(text) == nil)
    }

    @Test func formatsDates() {
        #expect(PolicyDate.format(epochSeconds: 1_714_564_800.7) == "2024-05-01T12:00:00Z")
        #expect(PolicyDate.format(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(PolicyDate.format(epochSeconds: -1) == "1969-12-31T23:59:59Z")
        #expect(PolicyDate.format(epochSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(PolicyDate.format(epochSeconds: 1e300) == "1e+300")
        #expect(PolicyDate.format(epochSeconds: .nan) == "nan")
    }

    @Test func operatorNames() {
        #expect(ConditionOperator(name: "ForAllValues:StringNotLikeIfExists") == ConditionOperator(qualifier: .forAllValues, base: .stringNotLike, ifExists: true))
        #expect(ConditionOperator(name: "forAnyValue:stringequals")?.name == "ForAnyValue:StringEquals")
        #expect(ConditionOperator(name: "Null") == ConditionOperator(qualifier: nil, base: .null, ifExists: false))
        #expect(ConditionOperator(name: "NullIfExists") == nil)
        #expect(ConditionOperator(name: "IfExists") == nil)
        #expect(ConditionOperator(name: "StringEquals:ForAllValues") == nil)
        #expect(ConditionOperator.Base.allCases.count == 26)
        #expect(ConditionOperator.Base.allCases.filter(\.isNegated).count == 8)
        #expect(ConditionOperator.Base.notIpAddress.positive == .ipAddress)
    }

    @Test func valueTextForms() {
        #expect(ConditionValue.Element.bool(true).text == "true")
        #expect(ConditionValue.Element.number(42).text == "42")
        #expect(ConditionValue.Element.number(2.5).text == "2.5")
        #expect(ConditionValue.Element.date(epochSeconds: 0).text == "1970-01-01T00:00:00Z")
        #expect(ConditionValue.strings([]).isEmpty)
        #expect(ConditionValue.strings(["a"]).isMultiValued)
        #expect(!ConditionValue.string("a").isMultiValued)
    }
}
