import Foundation
import XCTest

@testable import FormatKit

final class Base64DecoderTests: XCTestCase {
    private func decode(_ text: String, chunk: Int) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        let decoder = Base64Decoder(bytes, range: 0..<bytes.count)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try decoder.read(into: $0) }
            if count == 0 { return out }
            out.append(contentsOf: buffer[0..<count])
        }
    }

    private func length(_ text: String) throws -> Int {
        let bytes = Array(text.utf8)
        return try Base64Decoder.decodedLength(of: 0..<bytes.count, backslashes: bytes.filter { $0 == UInt8(ascii: "\\") }.count, in: bytes)
    }

    func testEscapedSlashesAndMissingPaddingDecode() throws {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE, 0x01]  // "////++++AQ=="
        for text in [#"\/\/\/\/++++AQ=="#, "////++++AQ", #"\/\/\/\/++++AQ"#] {
            XCTAssertEqual(try length(text), 7, text)
            XCTAssertEqual(try decode(text, chunk: 3), bytes, text)
            XCTAssertEqual(try decode(text, chunk: 1), bytes, text)
        }
        XCTAssertEqual(try decode("", chunk: 8), [])
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        XCTAssertEqual(try decode(Data(payload).base64EncodedString(), chunk: 4096), payload)
    }

    func testInvalidTextFailsWhileReading() {
        for text in ["AAAA*AAA", #"AA\nA"#, "AAAA AAA", "AA=A", #"AAAA\"AAA"#] {
            XCTAssertThrowsError(try decode(text, chunk: 16), text) { error in
                XCTAssertEqual((error as? Base64Error)?.kind, .invalid, text)
            }
        }
        for text in ["A", "AAAAA", "AA===", "A==="] {
            XCTAssertThrowsError(try length(text), text) { error in
                XCTAssertEqual((error as? Base64Error)?.kind, .invalid, text)
            }
        }
    }
}
