import Testing

@Suite("Exact values")
struct ExactMatchTests {
    @Test("The documentation's EC2 termination pattern")
    func documentedEC2Pattern() {
        let pattern = #"{"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["terminated"]}}"#
        #expect(matches(pattern, ec2StateChange))
        #expect(!matches(pattern, ec2StateChange.replacingOccurrences("terminated", "running")))
    }

    @Test("Any of several values; fields the pattern leaves out are ignored")
    func oneOfSeveral() {
        #expect(matches(#"{"source": ["aws.fargate", "aws.ec2"]}"#, ec2StateChange))
        #expect(!matches(#"{"source": ["aws.fargate", "aws.s3"]}"#, ec2StateChange))
    }

    @Test("Every field of the pattern must be in the event, at the same nesting")
    func allFieldsRequired() {
        #expect(!matches(#"{"source": ["aws.ec2"], "missing": ["x"]}"#, ec2StateChange))
        #expect(!matches(#"{"state": ["terminated"]}"#, ec2StateChange))
        #expect(!matches(#"{"detail": {"state": {"name": ["terminated"]}}}"#, ec2StateChange))
    }

    @Test("Strings match character by character: case, whitespace and emoji count")
    func strings() {
        let event = #"{"s": "A CamelCase string with an emoji 🚀 and trailing whitespace "}"#
        #expect(matches(#"{"s": ["A CamelCase string with an emoji 🚀 and trailing whitespace "]}"#, event))
        #expect(!matches(#"{"s": ["A CamelCase string with an emoji 🚀 and trailing whitespace"]}"#, event))
        #expect(!matches(#"{"s": ["a camelcase string with an emoji 🚀 and trailing whitespace "]}"#, event))
        #expect(!matches(#"{"MY_KEY": ["v"]}"#, #"{"my_key": "v"}"#))
    }

    @Test("No Unicode normalization: precomposed é is not e + combining accent")
    func noNormalization() {
        #expect(!matches(#"{"s": ["caf\u00e9"]}"#, #"{"s": "cafe\u0301"}"#))
        #expect(matches(#"{"s": ["caf\u00e9"]}"#, #"{"s": "café"}"#))
    }

    @Test("Numbers compare numerically: 300, 300.0 and 3.0e2 are one value")
    func numbers() {
        #expect(matches(#"{"n": [300]}"#, #"{"n": 300.0}"#))
        #expect(matches(#"{"n": [3.0e2]}"#, #"{"n": 300}"#))
        #expect(matches(#"{"n": [-0.5]}"#, #"{"n": -5e-1}"#))
        #expect(!matches(#"{"n": [300]}"#, #"{"n": 301}"#))
        #expect(!matches(#"{"n": [300]}"#, #"{"n": "300"}"#))
        #expect(!matches(#"{"n": ["300"]}"#, #"{"n": 300}"#))
    }

    @Test("A number outside ±5.0e9 (an account id) matches as written")
    func bigNumbersAsWritten() {
        #expect(matches(#"{"account": [123456789012]}"#, #"{"account": 123456789012}"#))
        #expect(!matches(#"{"account": [123456789012]}"#, #"{"account": 123456789013}"#))
    }

    @Test("Booleans")
    func booleans() {
        #expect(matches(#"{"b": [false]}"#, #"{"b": false}"#))
        #expect(!matches(#"{"b": [false]}"#, #"{"b": true}"#))
        #expect(!matches(#"{"b": [true]}"#, #"{"b": "true"}"#))
    }

    @Test("null matches a null value; \"\" the empty string; neither an absent field nor the other")
    func nullAndEmpty() {
        let event = #"{"detail": {"eventVersion": "", "responseElements": null}}"#
        #expect(matches(#"{"detail": {"responseElements": [null]}}"#, event))
        #expect(matches(#"{"detail": {"eventVersion": [""]}}"#, event))
        #expect(!matches(#"{"detail": {"eventVersion": [null]}}"#, event))
        #expect(!matches(#"{"detail": {"responseElements": [""]}}"#, event))
        #expect(!matches(#"{"detail": {"other": [null]}}"#, event))
        #expect(!matches(#"{"detail": {"responseElements": [null]}}"#, #"{"detail": {"responseElements": "null"}}"#))
    }

    @Test("The documentation's Macie pattern: nested objects and numbers")
    func documentedMacie() {
        let event = #"{"source": "aws.macie", "detail-type": "Macie Finding", "detail": {"severity": {"score": 1, "description": "Low"}, "count": 2}}"#
        #expect(matches(#"{"source": ["aws.macie"], "detail-type": ["Macie Finding"], "detail": {"severity": {"score": [1]}, "count": [2]}}"#, event))
        #expect(!matches(#"{"detail": {"severity": {"score": [2]}}}"#, event))
    }

    @Test("An event value that is an array matches when it shares a value with the pattern")
    func eventArrays() {
        let pattern = #"{"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"]}"#
        let event = #"{"resources": ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b", "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}"#
        #expect(matches(pattern, event))
        #expect(!matches(pattern, #"{"resources": ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b"]}"#))
        #expect(!matches(#"{"resources": [null]}"#, #"{"resources": []}"#))
        #expect(matches(#"{"a": [3]}"#, #"{"a": [[1, 2], [3]]}"#))
    }

    @Test("A string holding JSON is a string, not an object")
    func jsonInAString() {
        #expect(!matches(#"{"detail": {"my-key": ["my-value"]}}"#, #"{"detail": "{\"my-key\": \"my-value\"}"}"#))
    }

    @Test("Dotted keys: EventBridge joins names with dots, so both spellings meet")
    func dottedKeys() {
        #expect(matches(#"{"detail": {"state": {"status": ["running"]}}}"#, #"{"detail": {"state.status": "running"}}"#))
        #expect(matches(#"{"detail": {"state.status": ["running"]}}"#, #"{"detail": {"state": {"status": "running"}}}"#))
        #expect(!matches(#"{"detail": {"state": {"status": ["running"]}}}"#, #"{"detail": {"state.status": {"status": "running"}}}"#))
        #expect(!matches(#"{"detail": {"state.status": {"status": ["running"]}}}"#, #"{"detail": {"state": {"status": "running"}}}"#))
        #expect(matches(#"{"a": {"b": [1], "c": [2]}}"#, #"{"a.b": 1, "a": {"c": 2}}"#))
        #expect(matches(#"{"a": {"b": [2]}}"#, #"{"a.b": 1, "a": {"b": 2}}"#))
    }

    @Test("A key given twice: the last one counts (documented)")
    func duplicateKeyLastWins() {
        let pattern = #"{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}"#
        #expect(matches(pattern, #"{"detail": {"location": "eu-central-1"}}"#))
        #expect(!matches(pattern, #"{"detail": {"location": "us-east"}}"#))
    }

    @Test("An exact value that is an IP address matches the same address written otherwise")
    func addresses() {
        #expect(matches(#"{"ip": ["2001:db8::1"]}"#, #"{"ip": "2001:0db8:0:0:0:0:0:1"}"#))
        #expect(matches(#"{"ip": ["10.0.0.1"]}"#, #"{"ip": "10.0.0.1"}"#))
        #expect(!matches(#"{"ip": ["10.0.0.1"]}"#, #"{"ip": "10.0.0.2"}"#))
    }

    @Test("Only objects are events")
    func nonObjectEvents() {
        #expect(!matches(#"{"a": [{"exists": false}]}"#, #"[{"b": 1}]"#))
        #expect(!matches(#"{"a": [{"exists": false}]}"#, #""text""#))
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
