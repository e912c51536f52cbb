import FormatKit
import XCTest

@testable import NuGetFormat

/// NuGet's version rules (normalization, order, SemVer 2) and the .nuspec reader, hostile input
/// included.
final class NuGetVersionTests: XCTestCase {
    func testNormalization() throws {
        let cases = [
            ("1", "1.0.0"), ("1.0", "1.0.0"), ("1.0.0.0", "1.0.0"), ("1.2.3.4", "1.2.3.4"), ("01.002.3", "1.2.3"),
            ("1.0.0-Beta", "1.0.0-Beta"), ("1.0.0-rc.1+git.abc", "1.0.0-rc.1"), ("2.0+meta", "2.0.0"),
        ]
        for (text, normalized) in cases {
            XCTAssertEqual(try NuGetVersion(text).normalized, normalized, text)
        }
        XCTAssertEqual(try NuGetVersion("1.0.0-Beta").key, "1.0.0-beta")
        XCTAssertEqual(try NuGetVersion("1.0.0-rc.1+git.abc").full, "1.0.0-rc.1+git.abc")
        for bad in ["", "1.0.0.0.0", "a.b", "1..0", "1.0-", "1.0+", "1.0-be_ta", "-1.0", "99999999999.0", String(repeating: "1", count: 200)] {
            XCTAssertThrowsError(try NuGetVersion(bad), bad)
        }
    }

    func testOrderAndEquality() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-Alpha.2", "1.0.0-alpha.10", "1.0.0-beta", "1.0.0", "1.0.0.1", "1.0.1", "1.10.0", "10.0.0"]
        let parsed = try ordered.map { try NuGetVersion($0) }
        XCTAssertEqual(parsed.shuffled().sorted(), parsed)
        XCTAssertEqual(try NuGetVersion("1.0"), try NuGetVersion("1.0.0.0"))
        XCTAssertEqual(try NuGetVersion("1.0.0-BETA"), try NuGetVersion("1.0.0-beta"))
        XCTAssertEqual(try NuGetVersion("1.0.0+a"), try NuGetVersion("1.0.0+b"))
    }

    func testSemVer2() throws {
        XCTAssertFalse(try NuGetVersion("1.0.0-beta").isSemVer2)
        XCTAssertTrue(try NuGetVersion("1.0.0-beta.1").isSemVer2)
        XCTAssertTrue(try NuGetVersion("1.0.0+build").isSemVer2)
    }

    func testNuspecWithGroupsLicenseAndReadme() throws {
        let spec = try NuSpec.parse(Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>Granary.Demo</id><version>1.0</version><authors>Ann &amp; Bob</authors>
                <description>Demo</description><tags>one two,three</tags>
                <license type="expression">MIT OR Apache-2.0</license><readme>docs\\README.md</readme>
                <repository type="git" url="https://example.com/demo.git" />
                <dependencies>
                  <group targetFramework="net6.0"><dependency id="Dep.One" version="1.0" /><dependency id="Dep.Two" version="[1.0,2.0)" /></group>
                  <group><dependency id="Dep.Any" /></group>
                </dependencies>
              </metadata>
            </package>
            """.utf8))
        XCTAssertEqual(spec.id, "Granary.Demo")
        XCTAssertEqual(spec.version.normalized, "1.0.0")
        XCTAssertEqual(spec.authors, "Ann & Bob")
        XCTAssertEqual(spec.tags, ["one", "two", "three"])
        XCTAssertEqual(spec.licenseExpression, "MIT OR Apache-2.0")
        XCTAssertEqual(spec.readmeFile, "docs\\README.md")
        XCTAssertEqual(spec.repositoryURL, "https://example.com/demo.git")
        XCTAssertEqual(spec.dependencyGroups.map(\.targetFramework), ["net6.0", nil])
        XCTAssertEqual(spec.dependencyGroups[0].dependencies.map(\.range), ["[1.0.0, )", "[1.0.0, 2.0.0)"])
        XCTAssertEqual(spec.dependencyGroups[1].dependencies.map(\.range), [""])
    }

    func testHostileOrIncompleteNuspecs() {
        let cases: [(String, NuGetErrorKind)] = [
            ("<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY x \"y\">]><package><metadata><id>&x;</id></metadata></package>", .invalidNuspec),
            ("<package>" + String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40) + "</package>", .invalidNuspec),
            ("<package><metadata><id>A</id>", .invalidNuspec),
            ("<project><metadata/></project>", .invalidNuspec),
            ("<package><metadata><id>../x</id><version>1.0</version><authors>a</authors><description>d</description></metadata></package>", .invalidId),
            ("<package><metadata><id>A</id><version>x</version><authors>a</authors><description>d</description></metadata></package>", .invalidVersion),
            ("<package><metadata><id>A</id><version>1.0</version><description>d</description></metadata></package>", .invalidNuspec),
            ("<package><metadata><id>A</id><version>1.0</version><authors>a</authors><description>d</description>"
                + "<dependencies><dependency id=\"B\" version=\"[1.0\" /></dependencies></metadata></package>", .invalidNuspec),
        ]
        for (text, kind) in cases {
            XCTAssertThrowsError(try NuSpec.parse(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? NuGetError)?.kind, kind, "\(text): \(error)")
            }
        }
    }

    func testIds() {
        for good in ["A", "Granary.Demo", "a_b-c.d", "X1"] { XCTAssertTrue(NuSpec.isValidId(good), good) }
        for bad in ["", ".a", "a.", "a..b", "a/b", "a b", "ä", String(repeating: "a", count: 101)] {
            XCTAssertFalse(NuSpec.isValidId(bad), bad)
        }
    }
}
