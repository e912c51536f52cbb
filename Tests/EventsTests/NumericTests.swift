import Testing

@testable import Events

@Suite("numeric")
struct NumericTests {
    @Test("The documented example: c-count in (0, 5], d-count < 10, x-limit = 3.018e2")
    func documented() {
        let pattern = #"{"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 3.018e2]}]}}"#
        #expect(matches(pattern, rulerExample))
        #expect(!matches(pattern, rulerExample.replacingOccurrences(#""c-count": 5"#, #""c-count": 42"#)))
        #expect(!matches(pattern, rulerExample.replacingOccurrences(#""x-limit": 301.8"#, #""x-limit": 301.9"#)))
    }

    @Test("Each operator, with open and closed ends", arguments: [
        (#"["<", 200]"#, 199.9, true), (#"["<", 200]"#, 200, false), (#"["<=", 200]"#, 200, true),
        (#"[">", 200]"#, 200, false), (#"[">", 200]"#, 200.000001, true), (#"[">=", 200]"#, 200, true),
        (#"[">=", 200, "<=", 500]"#, 500, true), (#"[">", 200, "<", 500]"#, 500, false), (#"[">=", 200, "<", 500]"#, 200, true),
        (#"["=", 100]"#, 100.0, true), (#"["=", -5]"#, -5, true), (#"["<", 0]"#, -0.000001, true), (#"[">", -1e9]"#, -2e9, false),
    ])
    func operators(range: String, value: Double, expected: Bool) {
        let text = value == value.rounded() ? String(Int(value)) : String(value)
        #expect(matches(#"{"n": [{"numeric": \#(range)}]}"#, #"{"n": \#(text)}"#) == expected)
    }

    @Test("Only JSON numbers: not strings, not null")
    func onlyNumbers() {
        #expect(!matches(#"{"n": [{"numeric": [">", 100]}]}"#, #"{"n": "300"}"#))
        #expect(!matches(#"{"n": [{"numeric": [">", 100]}]}"#, #"{"n": null}"#))
        #expect(matches(#"{"n": [{"numeric": [">", 100]}]}"#, #"{"n": 101.0}"#))
    }

    @Test("Six digits after the point: a millionth counts, a ten-millionth does not")
    func precision() {
        #expect(matches(#"{"n": [{"numeric": [">", 1]}]}"#, #"{"n": 1.000001}"#))
        #expect(!matches(#"{"n": [{"numeric": [">", 1]}]}"#, #"{"n": 1.0000001}"#))
        #expect(matches(#"{"n": [{"numeric": ["=", 0.1]}]}"#, #"{"n": 1e-1}"#))
    }

    @Test("Event values outside ±5.0e9 never match a range")
    func outsideRange() {
        #expect(!matches(#"{"n": [{"numeric": [">", 0]}]}"#, #"{"n": 5000000001}"#))
        #expect(matches(#"{"n": [{"numeric": [">", 0]}]}"#, #"{"n": 5000000000}"#))
        #expect(!matches(#"{"n": [{"numeric": ["<", 0]}]}"#, #"{"n": -1e300}"#))
        #expect(!matches(#"{"n": [{"numeric": [">", 0]}]}"#, #"{"n": 1e999999999999}"#))
    }

    @Test("PatternNumber reads JSON number text exactly")
    func patternNumber() {
        #expect(PatternNumber(jsonText: "3.018e2")?.micros == 301_800_000)
        #expect(PatternNumber(jsonText: "-0.000001")?.micros == -1)
        #expect(PatternNumber(jsonText: "5e9")?.micros == 5_000_000_000_000_000)
        #expect(PatternNumber(jsonText: "-5e9")?.micros == -5_000_000_000_000_000)
        #expect(PatternNumber(jsonText: "5.000000001e9") == nil)
        #expect(PatternNumber(jsonText: "0e99999") == PatternNumber(jsonText: "0"))
        #expect(PatternNumber(jsonText: "12345678901234567890e-30")?.micros == 0)
        #expect(PatternNumber(jsonText: "abc") == nil)
    }

    @Test("Refused forms carry EventBridge's reasons")
    func refused() {
        #expect(refusal(#"{"c": [{"numeric": [">", 0, ">", 0]}]}"#) == invalid("Bad numeric range operator: >"))
        #expect(refusal(#"{"c": [{"numeric": [">", 0, "<"]}]}"#) == invalid("Value of < must be numeric"))
        #expect(refusal(#"{"c": [{"numeric": 10}]}"#) == invalid("Value of numeric must be an array."))
        #expect(refusal(#"{"c": [{"NUMERIC": ["=", 5]}]}"#) == invalid("Unrecognized match type NUMERIC"))
        #expect(refusal(#"{"c": [{"numeric": ["==", 5]}]}"#) == invalid("Unrecognized numeric range operator: =="))
        #expect(refusal(#"{"c": [{"numeric": ["=", "5"]}]}"#) == invalid("Value of = must be numeric"))
        #expect(refusal(#"{"c": [{"numeric": ["=", 5, 6]}]}"#) == invalid("Too many elements in numeric expression"))
        #expect(refusal(#"{"c": [{"numeric": [">", 0, "<", 5, 6]}]}"#) == invalid("Too many terms in numeric range expression"))
        #expect(refusal(#"{"c": [{"numeric": [5]}]}"#) == invalid("Invalid member in numeric match: 5"))
        #expect(refusal(#"{"c": [{"numeric": []}]}"#) == invalid("Invalid member in numeric match: ]"))
        #expect(refusal(#"{"c": [{"numeric": [">", 5, "<", 5]}]}"#) == invalid("Bottom must be less than top"))
        #expect(refusal(#"{"c": [{"numeric": [">", 0, 5]}]}"#) == invalid("Bad value in numeric range: 5"))
        #expect(refusal(#"{"c": [{"numeric": [">", 5.1e9]}]}"#) == invalid("Value of > must be between -5.0E9 and 5.0E9, inclusive"))
    }
}
