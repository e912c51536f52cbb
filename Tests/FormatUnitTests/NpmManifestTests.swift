import GranaryCore
import XCTest

@testable import NpmFormat

final class NpmManifestTests: XCTestCase {
    private func manifest(_ text: String) throws -> NpmManifest { try NpmManifest.parse(Array(text.utf8)) }

    func testMetadataFromARealPublish() throws {
        let body = try NpmPublishBody(Array(try FormatFixtures.data("npm/publish-unscoped.json")))
        let metadata = try XCTUnwrap(body.versions.first).metadata
        XCTAssertEqual(metadata.displayName, "tiny-granary-demo")
        XCTAssertEqual(metadata.summary, "A tiny demo \"package\" for Granary tests")
        XCTAssertEqual(metadata.homePage, "https://example.com/tiny")
        XCTAssertEqual(metadata.sourceCodeRepository, "git+https://example.com/tiny.git")
        XCTAssertEqual(metadata.licenses, [License(name: "MIT", url: nil)])
        XCTAssertEqual(metadata.readme, "# tiny\n\nA readme.\n")
        XCTAssertEqual(
            metadata.dependencies,
            [
                Dependency(namespace: nil, package: "left-pad", dependencyType: "regular", versionRequirement: "^1.3.0"),
                Dependency(namespace: "types", package: "node", dependencyType: "regular", versionRequirement: ">=18"),
                Dependency(namespace: nil, package: "tap", dependencyType: "dev", versionRequirement: "^16.0.0"),
                Dependency(namespace: nil, package: "react", dependencyType: "peer", versionRequirement: "^18"),
                Dependency(namespace: nil, package: "fsevents", dependencyType: "optional", versionRequirement: "2.x"),
            ])
    }

    func testPlaceholderReadmeIsNoReadme() throws {
        let body = try NpmPublishBody(Array(try FormatFixtures.data("npm/publish-scoped.json")))
        let scoped = try XCTUnwrap(body.versions.first)
        XCTAssertNil(scoped.metadata.readme)
        XCTAssertEqual(scoped.metadata.licenses, [License(name: "Apache-2.0", url: nil)])
        XCTAssertNil(scoped.sanitizedForStorage().json["readme"])
    }

    func testRepositoryAndLicenseShapes() throws {
        XCTAssertEqual(try manifest(#"{"repository":"github:a/b"}"#).repository, "github:a/b")
        XCTAssertNil(try manifest(#"{"repository":{"type":"git"}}"#).repository)
        XCTAssertEqual(
            try manifest(#"{"license":{"type":"MIT","url":"https://x/LICENSE"}}"#).licenses,
            [License(name: "MIT", url: "https://x/LICENSE")])
        XCTAssertEqual(
            try manifest(#"{"licenses":[{"type":"MIT","url":"u1"},"ISC",{"type":"BSD"},7]}"#).licenses,
            [License(name: "MIT", url: "u1"), License(name: "ISC", url: nil), License(name: "BSD", url: nil)])
        XCTAssertEqual(try manifest(#"{"license":"(MIT OR Apache-2.0)","licenses":["x"]}"#).licenses.map(\.name), ["(MIT OR Apache-2.0)"])
        XCTAssertEqual(try manifest("{}").licenses, [])
    }

    func testOptionalOverridesRegularAndBundledAreCounted() throws {
        let deps = try manifest(
            #"{"dependencies":{"a":"1","b":"2","weird":5},"optionalDependencies":{"b":"3"},"bundleDependencies":["a","c"]}"#
        ).dependencies
        XCTAssertEqual(
            deps,
            [
                Dependency(namespace: nil, package: "a", dependencyType: "regular", versionRequirement: "1"),
                Dependency(namespace: nil, package: "weird", dependencyType: "regular", versionRequirement: nil),
                Dependency(namespace: nil, package: "b", dependencyType: "optional", versionRequirement: "3"),
                Dependency(namespace: nil, package: "c", dependencyType: "regular", versionRequirement: nil),
            ])
        XCTAssertEqual(try manifest(#"{"bundledDependencies":["@s/x"]}"#).dependencies.first?.namespace, "s")
    }

    func testDeprecatedReadAndWrite() throws {
        var value = try manifest(#"{"name":"a","version":"1.0.0","deprecated":""}"#)
        XCTAssertNil(value.deprecated)
        value.deprecated = "gone"
        XCTAssertEqual(value.json["deprecated"], .string("gone"))
        XCTAssertEqual(value.deprecated, "gone")
        value.deprecated = ""
        XCTAssertNil(value.json["deprecated"])
        value.deprecated = "x"
        value.deprecated = nil
        XCTAssertNil(value.json["deprecated"])
    }

    func testSanitizedForStorage() throws {
        let raw = try manifest(
            #"{"name":"a","version":"1.0.0","_id":"wrong","_rev":"3-x","_npmUser":{"name":"eve"},"_attachments":{},"#
                + #""deprecated":"","readme":"hi","dist":{"shasum":"s","tarball":"t"},"custom":{"k":[1]}}"#)
        let clean = raw.sanitizedForStorage()
        XCTAssertEqual(clean.json.keys, ["name", "version", "_id", "readme", "dist", "custom"])
        XCTAssertEqual(clean.json["_id"], .string("a@1.0.0"))
        XCTAssertEqual(clean.json["dist"]?["tarball"], .string("t"))
        XCTAssertEqual(try NpmManifest.parse(clean.serialized()), clean)
        XCTAssertThrowsError(try NpmManifest.parse(Array("[1]".utf8)))
    }
}
