import Foundation
import FormatKit
import XCTest

@testable import NpmFormat

final class NpmErrorTests: XCTestCase {
    func testErrorBodyShape() throws {
        let body = NpmError.body(message: "You cannot publish over \"1.0.0\".")
        XCTAssertEqual(
            String(decoding: body, as: UTF8.self),
            #"{"error":"You cannot publish over \"1.0.0\".","reason":"You cannot publish over \"1.0.0\"."}"#)
        let error = NpmError(.invalidName, "bad")
        XCTAssertEqual(try OrderedJSON.parse(error.body)["error"]?.stringValue, "bad")
        // Foundation reads it too, as npm's JSON.parse would.
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: String]
        XCTAssertEqual(object?["reason"], "You cannot publish over \"1.0.0\".")
    }

    func testSharedReadersErrorsBecomeNpmErrors() {
        XCTAssertThrowsError(try NpmManifest.parse(Array("{".utf8))) { error in
            XCTAssertEqual((error as? NpmError)?.kind, .invalidDocument)
            XCTAssertTrue((error as? NpmError)?.message.hasPrefix("Invalid JSON at byte") == true)
        }
    }
}
