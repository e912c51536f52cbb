import Foundation
import XCTest

@testable import NpmFormat

final class NpmJSONTests: XCTestCase {
    func testRoundTripKeepsKeyOrderAndNumberText() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"x":-0.5e+10,"y":"s"},"n":12345678901234567890}"#
        let value = try NpmJSON.parse(text)
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m", "n"])
        XCTAssertEqual(String(decoding: value.serialized(), as: UTF8.self), text)
        XCTAssertEqual(value["z"]?.intValue, 1)
        XCTAssertEqual(value["m"]?["x"]?.doubleValue, -0.5e10)
    }

    func testWhitespaceIsAccepted() throws {
        let value = try NpmJSON.parse(" \n{ \"a\" : [ 1 , 2 ] }\r\n\t")
        XCTAssertEqual(value["a"], .array([.number("1"), .number("2")]))
    }

    func testStringEscapesDecodeAndReencode() throws {
        let value = try NpmJSON.parse(#"["a\"b\\c\/d\n\t\b\f\r", "\u00e9\u20AC", "\ud83d\ude00", "\ud800x", "caf\#u{e9}"]"#)
        XCTAssertEqual(value.arrayValue?.compactMap(\.stringValue), ["a\"b\\c/d\n\t\u{8}\u{C}\r", "é€", "😀", "\u{FFFD}x", "café"])
        XCTAssertEqual(
            String(decoding: value.serialized(), as: UTF8.self), #"["a\"b\\c/d\n\t\b\f\r","é€","😀","\#u{FFFD}x","café"]"#)
        XCTAssertEqual(String(decoding: NpmJSON.string("\u{1}").serialized(), as: UTF8.self), #""\u0001""#)
    }

    func testDuplicateKeyLastWinsInFirstPosition() throws {
        let value = try NpmJSON.parse(#"{"a":1,"b":2,"a":3}"#)
        XCTAssertEqual(value.objectValue?.keys, ["a", "b"])
        XCTAssertEqual(value["a"]?.intValue, 3)
    }

    func testObjectRemovalAndReplacement() {
        var object = NpmJSONObject([("a", .null), ("b", .bool(true)), ("c", .number(3))])
        object["b"] = nil
        object["a"] = .string("x")
        object["d"] = .array([])
        XCTAssertEqual(object.keys, ["a", "c", "d"])
        XCTAssertEqual(object.count, 3)
        XCTAssertEqual(String(decoding: NpmJSON.object(object).serialized(), as: UTF8.self), #"{"a":"x","c":3,"d":[]}"#)
    }

    func testInvalidDocumentsAreRejected() {
        let bad = [
            "", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "tru", "nul", "01", "1.", "-", "1e", ".5", "\"abc", "\"a\u{1}b\"",
            #""\x""#, #""\u12G4""#, "{} x", "{a:1}", "[1 2]", "'a'",
        ]
        for text in bad {
            XCTAssertThrowsError(try NpmJSON.parse(text), "accepted \(text.debugDescription)") { error in
                XCTAssertEqual((error as? NpmError)?.kind, .invalidDocument)
            }
        }
    }

    func testInvalidUTF8IsRejected() {
        XCTAssertThrowsError(try NpmJSON.parse([0x22, 0xC3, 0x28, 0x22]))
        XCTAssertThrowsError(try NpmJSON.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]))
    }

    func testNestingIsBounded() throws {
        XCTAssertNoThrow(try NpmJSON.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try NpmJSON.parse(deep)) { error in
            XCTAssertTrue((error as? NpmError)?.message.contains("nesting too deep") == true)
        }
    }

    func testErrorBodyShape() throws {
        let body = NpmError.body(message: "You cannot publish over \"1.0.0\".")
        XCTAssertEqual(
            String(decoding: body, as: UTF8.self),
            #"{"error":"You cannot publish over \"1.0.0\".","reason":"You cannot publish over \"1.0.0\"."}"#)
        let error = NpmError(.invalidName, "bad")
        XCTAssertEqual(try NpmJSON.parse(error.body)["error"]?.stringValue, "bad")
        // Foundation reads it too, as npm's JSON.parse would.
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: String]
        XCTAssertEqual(object?["reason"], "You cannot publish over \"1.0.0\".")
    }
}
