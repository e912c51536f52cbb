import GranaryCore
import XCTest

@testable import NpmFormat

final class NpmPackageNameTests: XCTestCase {
    func testUnscopedName() throws {
        let name = try NpmPackageName(pathSegments: ["left-pad"])
        XCTAssertNil(name.scope)
        XCTAssertEqual(name.name, "left-pad")
        XCTAssertEqual(name.fullName, "left-pad")
        XCTAssertEqual(name.escapedFullName, "left-pad")
        XCTAssertEqual(name.coordinate, PackageCoordinate(format: .npm, namespace: nil, name: "left-pad"))
    }

    func testScopedNameInEveryPathShape() throws {
        let expected = try NpmPackageName(scope: "types", name: "node")
        for segments in [["@types%2fnode"], ["@types%2Fnode"], ["@types", "node"], ["@types/node"]] {
            XCTAssertEqual(try NpmPackageName(pathSegments: segments), expected, "\(segments)")
        }
        XCTAssertEqual(expected.scope, "types")
        XCTAssertEqual(expected.fullName, "@types/node")
        XCTAssertEqual(expected.escapedFullName, "@types%2fnode")
        XCTAssertEqual(expected.coordinate, PackageCoordinate(format: .npm, namespace: "types", name: "node"))
        XCTAssertEqual(NpmPackageName(coordinate: expected.coordinate), expected)
        XCTAssertEqual(try NpmPackageName(scope: "@types", name: "node"), expected)
    }

    func testNamesNpmRejectsForNewPackages() {
        let bad: [(String, String)] = [
            ("", "length must be greater than zero"),
            (".hidden", "cannot start with a period"),
            ("..", "cannot start with a period"),
            ("_private", "cannot start with an underscore"),
            (" space", "leading or trailing spaces"),
            ("Upper", "capital letters"),
            ("bang!", "special characters"),
            ("a b", "URL-friendly"),
            ("caf\u{e9}", "URL-friendly"),
            ("node_modules", "not a valid package name"),
            ("favicon.ico", "not a valid package name"),
            ("@scope", "@scope/name"),
            ("@/name", "scope length"),
            ("@scope/", "name length"),
            ("@scope/a/b", "URL-friendly"),
            ("@scope/../x", "cannot start with a period"),
            ("a%00b", "URL-friendly"),
            (String(repeating: "a", count: 215), "214 characters"),
        ]
        for (text, fragment) in bad {
            XCTAssertThrowsError(try NpmPackageName(text), "accepted \(text.debugDescription)") { error in
                guard let error = error as? NpmError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.kind, .invalidName)
                XCTAssertTrue(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
        XCTAssertThrowsError(try NpmPackageName(pathSegments: ["a", "b"]))
        XCTAssertThrowsError(try NpmPackageName(pathSegments: []))
        XCTAssertThrowsError(try NpmPackageName(pathSegments: ["@a", "b", "c"]))
    }

    func testLengthLimitCountsTheScope() throws {
        XCTAssertNoThrow(try NpmPackageName(String(repeating: "a", count: 214)))
        XCTAssertThrowsError(try NpmPackageName(scope: String(repeating: "s", count: 10), name: String(repeating: "a", count: 203)))
        XCTAssertNoThrow(try NpmPackageName(scope: String(repeating: "s", count: 10), name: String(repeating: "a", count: 202)))
    }

    func testLegacyNamesAreReadableButNotPublishable() throws {
        XCTAssertThrowsError(try NpmPackageName("JSONStream"))
        let legacy = try NpmPackageName("JSONStream", validation: .existing)
        // npm names are case-sensitive (the registry holds JSONStream and jsonstream apart), as
        // CodeArtifact keeps them: the key is the name itself.
        XCTAssertEqual(legacy.coordinate.key.name, "JSONStream")
        XCTAssertNoThrow(try NpmPackageName("highlight.js~(x)", validation: .existing))
        XCTAssertThrowsError(try NpmPackageName("../etc", validation: .existing))
        XCTAssertThrowsError(try NpmPackageName("a/b", validation: .existing))
    }

    func testValidNames() {
        for text in ["a", "lodash.merge", "a-b_c.d", "@babel/core", "@my-org/pkg.name", "123", "a..b"] {
            XCTAssertNoThrow(try NpmPackageName(text), text)
        }
    }
}
