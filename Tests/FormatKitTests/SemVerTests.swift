import XCTest

@testable import FormatKit

final class SemVerTests: XCTestCase {
    func testParsesStrictVersions() throws {
        let version = try SemVer("1.22.333-beta.1+build.5-x")
        XCTAssertEqual(version.major, 1)
        XCTAssertEqual(version.minor, 22)
        XCTAssertEqual(version.patch, 333)
        XCTAssertEqual(version.prerelease, ["beta", "1"])
        XCTAssertEqual(version.build, ["build", "5-x"])
        XCTAssertTrue(version.isPrerelease)
        XCTAssertEqual(version.description, "1.22.333-beta.1+build.5-x")
        XCTAssertEqual(try SemVer("1.0.0-x-y-z.--").prerelease, ["x-y-z", "--"])
    }

    func testRejectsInvalidVersions() {
        let bad = [
            "", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3-01", "1.2.3-a..b", "1.2.3+", "1.2.3+a..b",
            "v1.2.3", "=1.2.3", " 1.2.3", "1.2.3-é", "a.b.c", "1.2.-3", "9007199254740992.0.0", String(repeating: "1", count: 300),
        ]
        for text in bad {
            XCTAssertThrowsError(try SemVer(text), "accepted \(text.debugDescription)") { error in
                XCTAssertEqual((error as? SemVerError)?.kind, .invalid)
                XCTAssertTrue((error as? SemVerError)?.message.hasPrefix("Invalid version") == true)
            }
        }
    }

    func testLooseParseToleratesPrefixes() throws {
        XCTAssertEqual(try SemVer(" v1.2.3 ", loose: true), try SemVer("1.2.3"))
        XCTAssertEqual(try SemVer("=1.2.3-rc.1", loose: true).description, "1.2.3-rc.1")
        XCTAssertNil(SemVer.parse("v1.2.3"))
        XCTAssertNotNil(SemVer.parse("v1.2.3", loose: true))
    }

    func testOrderFollowsSemver2() throws {
        // The example chain from semver.org section 11, plus release ordering.
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
            "1.0.0", "1.0.1", "1.1.0", "2.0.0-0", "2.0.0", "10.0.0",
        ].map { try! SemVer($0) }
        for (lower, higher) in zip(chain, chain.dropFirst()) {
            XCTAssertLessThan(lower, higher, "\(lower) < \(higher)")
            XCTAssertFalse(higher < lower)
        }
        XCTAssertEqual(chain.shuffled().sorted(), chain)
    }

    func testNumericIdentifiersCompareByValue() throws {
        XCTAssertLessThan(try SemVer("1.0.0-9"), try SemVer("1.0.0-10"))
        XCTAssertLessThan(try SemVer("1.0.0-99999999999999999999"), try SemVer("1.0.0-100000000000000000000"))
        XCTAssertLessThan(try SemVer("1.0.0-999"), try SemVer("1.0.0-a"))
        XCTAssertLessThan(try SemVer("1.0.0-Z"), try SemVer("1.0.0-a"))
    }

    func testBuildMetadataIsIgnoredInComparison() throws {
        let a = try SemVer("1.0.0+a")
        let b = try SemVer("1.0.0+b")
        XCTAssertEqual(a, b)
        XCTAssertFalse(a < b || b < a)
        XCTAssertEqual(Set([a, b]).count, 1)
    }
}
