@testable import PyPIFormat
import XCTest

final class PyPIVersionTests: XCTestCase {
    func testNormalization() {
        let cases: [(String, String)] = [
            ("1.0RC1", "1.0rc1"), ("v1.0", "1.0"), ("1.0-alpha.2", "1.0a2"), ("1.0beta", "1.0b0"), ("1.0c1", "1.0rc1"),
            ("1.0.preview-3", "1.0rc3"), ("1.0-1", "1.0.post1"), ("1.0.rev2", "1.0.post2"), ("1.0r", "1.0.post0"),
            ("1.0-dev", "1.0.dev0"), ("1!2.0_POST_3.DEV4", "1!2.0.post3.dev4"), ("1.0+Ubuntu-1_2", "1.0+ubuntu.1.2"),
            (" 2.0\n", "2.0"), ("01.002", "1.2"), ("1.0a1.post2.dev3+local.7", "1.0a1.post2.dev3+local.7"),
        ]
        for (input, normalized) in cases {
            XCTAssertEqual(PEP440Version(input)?.description, normalized, input)
        }
        for invalid in ["", "abc", "1.0.", "1.0+", "1.0+a..b", "1.0 beta", "1.0-", "v", "1!", "1.0a1b2", "99999999999999999999"] {
            XCTAssertNil(PEP440Version(invalid), invalid)
        }
    }

    func testOrderingFollowsPEP440() {
        let ordered = [
            "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
            "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456",
            "1.0.15", "1.1.dev1", "2!0.1",
        ]
        let versions = ordered.map { PEP440Version($0)! }
        for index in versions.indices.dropLast() {
            XCTAssertLessThan(versions[index], versions[index + 1], "\(ordered[index]) < \(ordered[index + 1])")
        }
        XCTAssertEqual(PEP440Version("1.0"), PEP440Version("1.0.0"))
        XCTAssertEqual(PEP440Version("1.0")?.hashValue, PEP440Version("1.0.0.0")?.hashValue)
        XCTAssertEqual(PEP440Version("1.0RC1"), PEP440Version("1.0rc1"))
        XCTAssertNotEqual(PEP440Version("1.0"), PEP440Version("1.0+local"))
        XCTAssertTrue(PEP440Version("1.0a1")!.isPreRelease)
        XCTAssertEqual(PEP440Version.sorted(ordered.shuffled()), ordered)
    }

    func testInvalidVersionsSortFirstByText() {
        XCTAssertEqual(
            PEP440Version.sorted(["2.0", "zeta", "1.0.0", "1.0", "alpha", "10.0"]),
            ["alpha", "zeta", "1.0", "1.0.0", "2.0", "10.0"]
        )
    }
}
