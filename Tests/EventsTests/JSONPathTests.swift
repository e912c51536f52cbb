import FormatKit
import Testing

@testable import Events

@Suite("JSONPath")
struct JSONPathTests {
    let event = try! OrderedJSON.parse(#"""
        {"detail-type": "T", "time": "2015-11-11T21:29:54Z", "resources": ["r0", "r1"],
         "detail": {"instance-id": "i-1", "state": "RUNNING", "a b": 1, "it's": 2, "path/x": 3, "nested": [[{"k": "v"}]]}}
        """#)

    func select(_ path: String) throws -> OrderedJSON? {
        try JSONPath(parsing: path).select(event)
    }

    @Test("Dot notation, dashes, indices and bracketed names")
    func definite() throws {
        #expect(try select("$") == event)
        #expect(try select("$.detail.instance-id") == .string("i-1"))
        #expect(try select("$.detail-type") == .string("T"))
        #expect(try select("$.resources[1]") == .string("r1"))
        #expect(try select("$['detail']['a b']") == .number("1"))
        #expect(try select(#"$["detail"]["it's"]"#) == .number("2"))
        #expect(try select(#"$.detail['it\'s']"#) == .number("2"))
        #expect(try select("$.detail.path/x") == .number("3"))
        #expect(try select("$.detail.nested[0][0].k") == .string("v"))
    }

    @Test("Nothing there: nil for a definite path")
    func missing() throws {
        #expect(try select("$.detail.notinmessage") == nil)
        #expect(try select("$.resources[2]") == nil)
        #expect(try select("$.detail.state.deeper") == nil)
        #expect(try select("$.resources.x") == nil)
    }

    @Test("Wildcards select an array of everything reached")
    func wildcards() throws {
        #expect(try select("$.resources[*]") == .array([.string("r0"), .string("r1")]))
        #expect(try select("$.resources.*") == .array([.string("r0"), .string("r1")]))
        #expect(try select("$.*.state") == .array([.string("RUNNING")]))
        #expect(try select("$.time.*") == .array([]))
        #expect(try JSONPath(parsing: "$.a.*").isDefinite == false)
    }

    @Test("Refused syntax", arguments: ["", "detail", "$.", "$..detail", "$.a[", "$.a[-1]", "$.a[1:2]", "$.a[?(@.x)]",
        "$.a b", "$['a", "$['a'", "$.a[x]", #"$['a\b']"#, "$.a.", "$[99999999999]"])
    func refused(path: String) {
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: path) }
    }

    @Test("At most 256 characters")
    func length() {
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(parsing: "$." + String(repeating: "a", count: 255)) }
        #expect(throws: Never.self) { try JSONPath(parsing: "$." + String(repeating: "a", count: 254)) }
    }
}
