import Testing

@Suite("equals-ignore-case")
struct EqualsIgnoreCaseTests {
    @Test("The documented example: detail-type in any case, also as an array element")
    func documented() {
        let pattern = #"{"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]}"#
        #expect(matches(pattern, ec2StateChange))
        #expect(matches(pattern, #"{"detail-type": ["EC2 Instance State-change Notification"]}"#))
        #expect(!matches(#"{"detail-type": [{"equals-ignore-case": "I do not match"}]}"#, ec2StateChange))
    }

    @Test("Unicode case mapping", arguments: [
        ("ÄPFEL", "äpfel"), ("STRASSE", "straße"), ("ΣΊΣΥΦΟΣ", "σίσυφος"), ("σίσυφοσ", "ΣΊΣΥΦΟΣ"), ("ǅemal", "ǆEMAL"),
    ])
    func unicode(pair: (String, String)) {
        #expect(matches(#"{"s": [{"equals-ignore-case": "\#(pair.0)"}]}"#, #"{"s": "\#(pair.1)"}"#))
        #expect(matches(#"{"s": [{"equals-ignore-case": "\#(pair.1)"}]}"#, #"{"s": "\#(pair.0)"}"#))
    }

    @Test("Different letters stay different")
    func differentLetters() {
        #expect(!matches(#"{"s": [{"equals-ignore-case": "äpfel"}]}"#, #"{"s": "apfel"}"#))
        #expect(!matches(#"{"s": [{"equals-ignore-case": "i"}]}"#, #"{"s": "İ"}"#))
        #expect(!matches(#"{"s": [{"equals-ignore-case": "abc"}]}"#, #"{"s": "abcd"}"#))
    }

    @Test("The empty string matches only the empty string")
    func empty() {
        #expect(matches(#"{"v": [{"equals-ignore-case": ""}]}"#, #"{"v": ""}"#))
        #expect(!matches(#"{"v": [{"equals-ignore-case": ""}]}"#, #"{"v": "test-value"}"#))
    }

    @Test("Only string values")
    func onlyStrings() {
        #expect(!matches(#"{"v": [{"equals-ignore-case": "true"}]}"#, #"{"v": true}"#))
        #expect(!matches(#"{"v": [{"equals-ignore-case": "5"}]}"#, #"{"v": 5}"#))
    }

    @Test("The value must be a string")
    func refused() {
        #expect(refusal(#"{"d": [{"equals-ignore-case": ["ec2"]}]}"#) == invalid("equals-ignore-case match pattern must be a string"))
        #expect(refusal(#"{"d": [{"equals-ignore-case": {"prefix": "ec2"}}]}"#) == invalid("equals-ignore-case match pattern must be a string"))
    }
}
