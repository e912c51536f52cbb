import XCTest

@testable import FormatKit

final class OrderedJSONTests: XCTestCase {
    func testRoundTripKeepsKeyOrderAndNumberText() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"x":-0.5e+10,"y":"s"},"n":12345678901234567890}"#
        let value = try OrderedJSON.parse(text)
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m", "n"])
        XCTAssertEqual(String(decoding: value.serialized(), as: UTF8.self), text)
        XCTAssertEqual(value["z"]?.intValue, 1)
        XCTAssertEqual(value["m"]?["x"]?.doubleValue, -0.5e10)
    }

    func testWhitespaceIsAccepted() throws {
        let value = try OrderedJSON.parse(" \n{ \"a\" : [ 1 , 2 ] }\r\n\t")
        XCTAssertEqual(value["a"], .array([.number("1"), .number("2")]))
    }

    func testStringEscapesDecodeAndReencode() throws {
        let value = try OrderedJSON.parse(#"["a\"b\\c\/d\n\t\b\f\r", "\u00e9\u20AC", "\ud83d\ude00", "\ud800x", "caf\#u{e9}"]"#)
        XCTAssertEqual(value.arrayValue?.compactMap(\.stringValue), ["a\"b\\c/d\n\t\u{8}\u{C}\r", "é€", "😀", "\u{FFFD}x", "café"])
        XCTAssertEqual(
            String(decoding: value.serialized(), as: UTF8.self), #"["a\"b\\c/d\n\t\b\f\r","é€","😀","\#u{FFFD}x","café"]"#)
        XCTAssertEqual(String(decoding: OrderedJSON.string("\u{1}").serialized(), as: UTF8.self), #""\u0001""#)
    }

    func testDuplicateKeyLastWinsInFirstPosition() throws {
        let value = try OrderedJSON.parse(#"{"a":1,"b":2,"a":3}"#)
        XCTAssertEqual(value.objectValue?.keys, ["a", "b"])
        XCTAssertEqual(value["a"]?.intValue, 3)
    }

    func testObjectRemovalAndReplacement() {
        var object = OrderedJSONObject([("a", .null), ("b", .bool(true)), ("c", .number(3))])
        object["b"] = nil
        object["a"] = .string("x")
        object["d"] = .array([])
        XCTAssertEqual(object.keys, ["a", "c", "d"])
        XCTAssertEqual(object.count, 3)
        XCTAssertEqual(String(decoding: OrderedJSON.object(object).serialized(), as: UTF8.self), #"{"a":"x","c":3,"d":[]}"#)
    }

    func testInvalidDocumentsAreRejected() {
        let bad = [
            "", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "tru", "nul", "01", "1.", "-", "1e", ".5", "\"abc", "\"a\u{1}b\"",
            #""\x""#, #""\u12G4""#, "{} x", "{a:1}", "[1 2]", "'a'",
        ]
        for text in bad {
            XCTAssertThrowsError(try OrderedJSON.parse(text), "accepted \(text.debugDescription)") { error in
                XCTAssertEqual((error as? OrderedJSONError)?.kind, .invalid)
            }
        }
    }

    func testInvalidUTF8IsRejected() {
        XCTAssertThrowsError(try OrderedJSON.parse([0x22, 0xC3, 0x28, 0x22]))
        XCTAssertThrowsError(try OrderedJSON.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]))
    }

    func testNestingIsBounded() throws {
        XCTAssertNoThrow(try OrderedJSON.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try OrderedJSON.parse(deep)) { error in
            XCTAssertTrue((error as? OrderedJSONError)?.message.contains("nesting too deep") == true)
        }
    }
}

final class OrderedJSONRawStringTests: XCTestCase {
    private func parse(_ text: String, _ pattern: [JSONKeyPattern]) throws -> (OrderedJSON, [[String]: String]) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer in
            var parser = OrderedJSONParser(buffer, rawStringsAt: pattern)
            let value = try parser.parseDocument()
            return (value, parser.rawStrings.mapValues { String(decoding: bytes[$0.range], as: UTF8.self) })
        }
    }

    func testStringsOnThePatternStayUndecoded() throws {
        let text = #"{"a":{"x":{"data":"q\/\"w","n":1},"y":{"data":7}},"b":[{"data":"s"}],"data":"t"}"#
        let (value, raw) = try parse(text, [.key("a"), .anyKey, .key("data")])
        XCTAssertEqual(raw, [["a", "x", "data"]: #"q\/\"w"#])
        XCTAssertNil(value["a"]?["x"]?["data"], "a captured string is not in the document")
        XCTAssertEqual(value["a"]?["x"]?["n"]?.intValue, 1)
        XCTAssertEqual(value["a"]?["y"]?["data"]?.intValue, 7, "a value that is no string is parsed")
        XCTAssertEqual(value["b"]?.arrayValue?.first?["data"]?.stringValue, "s", "arrays are never on the path")
        XCTAssertEqual(value["data"]?.stringValue, "t")
        let bytes = Array(text.utf8)
        let spans = try bytes.withUnsafeBytes { buffer in
            var parser = OrderedJSONParser(buffer, rawStringsAt: [.key("a"), .anyKey, .key("data")])
            _ = try parser.parseDocument()
            return parser.rawStrings
        }
        XCTAssertEqual(spans[["a", "x", "data"]]?.backslashes, 2)
        XCTAssertThrowsError(try parse(#"{"a":{"x":{"data":"open"#, [.key("a"), .anyKey, .key("data")]))
    }
}
