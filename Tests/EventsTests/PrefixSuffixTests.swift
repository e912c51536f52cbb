import Testing

@Suite("prefix and suffix")
struct PrefixSuffixTests {
    @Test("The documented prefix example: time starting with a date")
    func documentedPrefix() {
        #expect(matches(#"{"time": [{"prefix": "2017-10-02"}]}"#, rulerExample))
        #expect(!matches(#"{"time": [{"prefix": "2017-10-03"}]}"#, rulerExample))
    }

    @Test("The documented suffix example: a .png file")
    func documentedSuffix() {
        #expect(matches(#"{"FileName": [{"suffix": ".png"}]}"#, #"{"FileName": "image.png"}"#))
        #expect(!matches(#"{"FileName": [{"suffix": ".PNG"}]}"#, #"{"FileName": "image.png"}"#))
        #expect(!matches(#"{"FileName": [{"suffix": ".png"}]}"#, #"{"FileName": "png"}"#))
    }

    @Test("An empty prefix or suffix matches every string, and only strings")
    func empty() {
        #expect(matches(#"{"source": [{"prefix": ""}]}"#, ec2StateChange))
        #expect(matches(#"{"source": [{"suffix": ""}]}"#, ec2StateChange))
        #expect(!matches(#"{"n": [{"prefix": ""}]}"#, #"{"n": 5}"#))
        #expect(!matches(#"{"n": [{"prefix": ""}]}"#, #"{"n": null}"#))
    }

    @Test("Only string values: a number's text does not start with the digits")
    func onlyStrings() {
        #expect(!matches(#"{"n": [{"prefix": "12"}]}"#, #"{"n": 123}"#))
        #expect(!matches(#"{"n": [{"suffix": "23"}]}"#, #"{"n": 123}"#))
        #expect(!matches(#"{"b": [{"prefix": "tr"}]}"#, #"{"b": true}"#))
    }

    @Test("prefix with equals-ignore-case (documented: service starting with EventB in any case)")
    func prefixIgnoringCase() {
        let pattern = #"{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}"#
        #expect(matches(pattern, #"{"detail": {"service": "EvEnTbridge"}}"#))
        #expect(matches(pattern, #"{"detail": {"service": "EVENTB"}}"#))
        #expect(!matches(pattern, #"{"detail": {"service": "Event"}}"#))
    }

    @Test("suffix with equals-ignore-case (documented: .png in any case)")
    func suffixIgnoringCase() {
        let pattern = #"{"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}"#
        #expect(matches(pattern, #"{"detail": {"FileName": "image.PNG"}}"#))
        #expect(matches(pattern, #"{"detail": {"FileName": "image.pNg"}}"#))
        #expect(!matches(pattern, #"{"detail": {"FileName": "image.jpg"}}"#))
    }

    @Test("Multi-byte characters are compared whole")
    func multiByte() {
        #expect(matches(#"{"s": [{"prefix": "日本"}]}"#, #"{"s": "日本語"}"#))
        #expect(matches(#"{"s": [{"suffix": "🚀"}]}"#, #"{"s": "launch 🚀"}"#))
        #expect(!matches(#"{"s": [{"suffix": "語"}]}"#, #"{"s": "日本"}"#))
    }

    @Test("Any element of an event array may carry the prefix")
    func arrays() {
        #expect(matches(#"{"r": [{"prefix": "arn:aws:s3"}]}"#, #"{"r": ["arn:aws:ec2:x", "arn:aws:s3:::bucket"]}"#))
        #expect(!matches(#"{"r": [{"prefix": "arn:aws:s3"}]}"#, #"{"r": ["arn:aws:ec2:x"]}"#))
    }

    @Test("Refused forms carry EventBridge's reasons")
    func refused() {
        #expect(refusal(#"{"time": [{"prefix": 123}]}"#) == invalid("prefix match pattern must be a string"))
        #expect(refusal(#"{"time": [{"prefix": ["2022"]}]}"#) == invalid("prefix match pattern must be a string"))
        #expect(refusal(#"{"f": [{"suffix": 123}]}"#) == invalid("suffix match pattern must be a string"))
        #expect(refusal(#"{"f": [{"suffix": [".png"]}]}"#) == invalid("suffix match pattern must be a string"))
        #expect(refusal(#"{"f": [{"prefix": {"wildcard": "a"}}]}"#) == invalid("Unsupported prefix pattern: wildcard"))
        #expect(refusal(#"{"f": [{"suffix": {}}]}"#) == invalid("Suffix expression name not found"))
        #expect(refusal(#"{"f": [{"prefix": {"equals-ignore-case": 1}}]}"#) == invalid("equals-ignore-case match pattern must be a string"))
        #expect(refusal(#"{"f": [{"prefix": {"equals-ignore-case": "a", "x": 1}}]}"#) == invalid("Only one key allowed in match expression"))
        #expect(refusal(#"{"f": [{"prefix": "a", "suffix": "b"}]}"#) == invalid("Only one key allowed in match expression"))
    }
}
