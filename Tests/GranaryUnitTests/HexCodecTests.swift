import GranaryCrypto
import XCTest

final class HexCodecTests: XCTestCase {
    func testHexDigitsAndStrings() {
        XCTAssertEqual(Hex.encode([0x00, 0xAB, 0xFF]), "00abff")
        XCTAssertEqual(Hex.encode([0x00, 0xAB, 0xFF], uppercase: true), "00ABFF")
        XCTAssertEqual(Hex.decode("00aBfF"), [0x00, 0xAB, 0xFF])
        XCTAssertNil(Hex.decode("abc"))
        XCTAssertEqual(Hex.digitValue(UInt8(ascii: "F")), 15)
        XCTAssertNil(Hex.digitValue(UInt8(ascii: "g")))
        XCTAssertEqual(Hex.digit(10, uppercase: true), UInt8(ascii: "A"))
    }

    func testPercentEscapes() {
        XCTAssertEqual(PercentEscapes.decode("a%2Fb%2f+c", plusAsSpace: true), Array("a/b/ c".utf8))
        XCTAssertNil(PercentEscapes.decode("a%2"))
        XCTAssertNil(PercentEscapes.decode("a%zz"))
        XCTAssertEqual(PercentEscapes.decode("a%2", malformed: .keepLiteral), Array("a%2".utf8))
        XCTAssertEqual(PercentEscapes.decode("%zz%41", malformed: .keepLiteral), Array("%zzA".utf8))
        XCTAssertEqual(PercentEscapes.encode(Array("a b/*".utf8)) { $0 == UInt8(ascii: "a") }, "a%20%62%2F%2A")
        XCTAssertEqual(PercentEscapes.encode(Array("*".utf8), uppercase: false) { _ in false }, "%2a")
    }
}
