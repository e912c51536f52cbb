import FormatKit
import Testing

@testable import Events

@Suite("Pattern validation and hostile input")
struct PatternValidationTests {
    @Test("The shape of a pattern, with EventBridge's reasons", arguments: [
        (#"["not", "a", "dict"]"#, "Filter is not an object"),
        (#"{}"#, "Empty objects are not allowed"),
        (#"{"detail": {}}"#, "Empty objects are not allowed"),
        (#"{"int": 42}"#, #""int" must be an object or an array"#),
        (#"{"string": "my-value"}"#, #""string" must be an object or an array"#),
        (#"{"resources": []}"#, "Empty arrays are not allowed"),
        (#"{"a": [[1]]}"#, "Match value must be String, number, true, false, or null"),
        (#"{"a": [{}]}"#, "Match expression name not found"),
        (#"{"a": [{"regex": "x"}]}"#, "Unrecognized match type regex"),
    ])
    func shape(pattern: String, reason: String) {
        #expect(refusal(pattern) == invalid(reason))
    }

    @Test("Text that is not JSON is refused with the parser's reason")
    func notJSON() {
        for text in ["this is not json", "{'bad': 'quotation'}", #"{"not": closed mark""#, "", #"{"a": [1]} x"#] {
            let message = refusal(text)
            #expect(message?.hasPrefix(invalid("Invalid JSON at byte")) == true, "\(text): \(message ?? "accepted")")
        }
    }

    @Test("At most 2048 characters by default; a raised limit is honoured")
    func length() throws {
        let filler = String(repeating: "x", count: 2048 - #"{"a": [""]}"#.count)
        let exact = #"{"a": ["\#(filler)"]}"#
        #expect(exact.utf16.count == 2048)
        #expect(refusal(exact) == nil)
        #expect(refusal(#"{"a": ["\#(filler)y"]}"#) == invalid("Event pattern is longer than 2048 characters"))
        _ = try EventPattern(parsing: #"{"a": ["\#(filler)y"]}"#, maximumLength: 4096)
    }

    @Test("Deep nesting is refused, not followed down the stack")
    func deepNesting() {
        let depth = 1000
        let deep = String(repeating: #"{"a":"#, count: depth) + "[1]" + String(repeating: "}", count: depth)
        let message = try? EventPattern(parsing: deep, maximumLength: 1_000_000)
        #expect(message == nil)
        #expect(refusal(String(repeating: "[", count: 1500))?.hasPrefix(invalid("")) == true)
        let nestedOr = String(repeating: #"{"$or": [{"a": [1]}, "#, count: 300)
        #expect(refusal(nestedOr) != nil)
    }

    @Test("A deep but legal pattern matches a deep event")
    func deepLegal() {
        let depth = 60
        let pattern = String(repeating: #"{"a":"#, count: depth) + "[1]" + String(repeating: "}", count: depth)
        let event = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(matches(pattern, event))
        #expect(!matches(pattern, event.replacingOccurrences(":1}", ":2}")))
    }

    @Test("Many values in one field")
    func manyValues() {
        let values = (0..<300).map(String.init).joined(separator: ",")
        #expect(matches(#"{"n": [\#(values)]}"#, #"{"n": 299}"#))
        #expect(!matches(#"{"n": [\#(values)]}"#, #"{"n": 300}"#))
    }

    @Test("Controls, NUL and lone surrogates in values never crash")
    func oddStrings() {
        #expect(matches(#"{"s": ["a\u0000b"]}"#, #"{"s": "a\u0000b"}"#))
        #expect(!matches(#"{"s": ["a\u0000b"]}"#, #"{"s": "a"}"#))
        #expect(matches(#"{"s": [{"equals-ignore-case": "\ud800"}]}"#, #"{"s": "\ud800"}"#))
        #expect(matches(#"{"s": [{"wildcard": "*\u0000*"}]}"#, #"{"s": "x\u0000y"}"#))
    }

    @Test("The message reads like EventBridge's InvalidEventPatternException")
    func messageShape() {
        do {
            _ = try EventPattern(parsing: #"{"a": 1}"#)
            Issue.record("accepted")
        } catch {
            #expect(error == EventPatternError(reason: #""a" must be an object or an array"#))
            #expect(error.message == #"Event pattern is not valid. Reason: "a" must be an object or an array"#)
        }
    }

    @Test("The pattern keeps its text")
    func keepsText() throws {
        let text = #"{"source": ["aws.ec2"]}"#
        #expect(try EventPattern(parsing: text).text == text)
    }
}
