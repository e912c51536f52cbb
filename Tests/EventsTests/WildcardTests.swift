import Testing

@testable import Events

@Suite("wildcard")
struct WildcardTests {
    let bus = #"{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}"#

    @Test("A star for the account, another for the name")
    func simple() {
        #expect(matches(#"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}"#, bus))
        #expect(!matches(#"{"EventBusArn": [{"wildcard": "arn:aws:events:us-west-2:*:event-bus/*"}]}"#, bus))
    }

    @Test("The documented example: a .png file in a dir folder")
    func documented() {
        let pattern = #"{"EventBusArn": [{"wildcard": "dir/*.png"}]}"#
        #expect(matches(pattern, #"{"EventBusArn": "dir/image.png"}"#))
        #expect(matches(pattern, #"{"EventBusArn": "dir/sub/image.png"}"#))
        #expect(!matches(pattern, #"{"EventBusArn": "other/image.png"}"#))
    }

    @Test("A star can stand for a run with slashes, or for nothing")
    func runs() {
        let event = #"{"f": "/Users/ls_user/dir/dir/dir/dir/dir/doc.txt"}"#
        #expect(matches(#"{"f": [{"wildcard": "/Users/*/doc.txt"}]}"#, event))
        #expect(!matches(#"{"f": [{"wildcard": "/Users/*/doc.txt"}]}"#, #"{"f": "/Users/ls_user/dir/notmatchingdoc.txt"}"#))
        #expect(matches(#"{"f": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}"#, event))
        #expect(!matches(#"{"f": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}"#, #"{"f": "/Users/u/dir/dir/dir/dir/otherdir/doc.txt"}"#))
        #expect(matches(#"{"f": [{"wildcard": "a*b"}]}"#, #"{"f": "ab"}"#))
        #expect(matches(#"{"f": [{"wildcard": "*"}]}"#, #"{"f": ""}"#))
        #expect(!matches(#"{"f": [{"wildcard": "a*a"}]}"#, #"{"f": "a"}"#))
    }

    @Test("Runs between stars must appear in order without overlapping")
    func order() {
        #expect(matches(#"{"f": [{"wildcard": "*ab*ab*"}]}"#, #"{"f": "xabab"}"#))
        #expect(!matches(#"{"f": [{"wildcard": "*aba*aba*"}]}"#, #"{"f": "ababa"}"#))
        #expect(matches(#"{"f": [{"wildcard": "*aab*"}]}"#, #"{"f": "aaaab"}"#))
        #expect(!matches(#"{"f": [{"wildcard": "x*b*b*y"}]}"#, #"{"f": "xby"}"#))
    }

    @Test("An empty wildcard matches only the empty string")
    func empty() {
        #expect(!matches(#"{"EventBusArn": [{"wildcard": ""}]}"#, bus))
        #expect(matches(#"{"f": [{"wildcard": ""}]}"#, #"{"f": ""}"#))
    }

    @Test(#"\* is a literal star and \\ a backslash"#)
    func escapes() {
        let event = #"{"star": "*", "backslash": "\\", "mixed": "a*b\\c"}"#
        #expect(matches(#"{"star": [{"wildcard": "\\*"}]}"#, event))
        #expect(matches(#"{"backslash": [{"wildcard": "\\\\"}]}"#, event))
        #expect(matches(#"{"mixed": [{"wildcard": "a\\**\\\\c"}]}"#, event))
        #expect(!matches(#"{"star": [{"wildcard": "\\*"}]}"#, #"{"star": "x"}"#))
    }

    @Test("Only strings")
    func onlyStrings() {
        #expect(!matches(#"{"n": [{"wildcard": "*"}]}"#, #"{"n": 5}"#))
    }

    @Test("Refused: two stars in a row (position counts the opening quote), bad escapes, non-strings")
    func refused() {
        #expect(refusal(#"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}"#)
            == invalid("Consecutive wildcard characters at pos 26"))
        #expect(refusal(#"{"f": [{"wildcard": "a\\b"}]}"#) == invalid("Invalid escape character at pos 2"))
        #expect(refusal(#"{"f": [{"wildcard": "a\\"}]}"#) == invalid("Invalid escape character at pos 2"))
        #expect(refusal(#"{"f": [{"wildcard": 123}]}"#) == invalid("wildcard match pattern must be a string"))
        #expect(refusal(#"{"f": [{"wildcard": ["a*"]}]}"#) == invalid("wildcard match pattern must be a string"))
    }

    @Test("A pattern with wildcards says so (EventBridge's quota counts those rules)")
    func containsWildcard() throws {
        #expect(try EventPattern(parsing: #"{"f": [{"wildcard": "a*"}]}"#).containsWildcard)
        #expect(try EventPattern(parsing: #"{"f": [{"anything-but": {"wildcard": "a*"}}]}"#).containsWildcard)
        #expect(try !EventPattern(parsing: #"{"f": [{"prefix": "a*"}]}"#).containsWildcard)
    }

    @Test("A long value against many stars stays fast (linear matching)")
    func longValue() {
        let value = String(repeating: "a", count: 200_000)
        let stars = String(repeating: "a*", count: 500) + "b"
        #expect(!matches(#"{"f": [{"wildcard": "\#(stars)"}]}"#, #"{"f": "\#(value)"}"#))
        #expect(matches(#"{"f": [{"wildcard": "\#(stars)"}]}"#, #"{"f": "\#(value)b"}"#))
    }
}
