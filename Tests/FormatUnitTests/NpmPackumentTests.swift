import FormatKit
import XCTest

@testable import NpmFormat

final class NpmPackumentTests: XCTestCase {
    func testContentNegotiation() {
        XCTAssertEqual(Packument.form(accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"), .abbreviated)
        XCTAssertEqual(Packument.form(accept: "application/vnd.npm.install-v1+json"), .abbreviated)
        XCTAssertEqual(Packument.form(accept: "application/json"), .full)
        XCTAssertEqual(Packument.form(accept: nil), .full)
        XCTAssertEqual(Packument.form(accept: "*/*"), .full)
        XCTAssertEqual(Packument.form(accept: ""), .full)
        XCTAssertEqual(Packument.form(accept: "application/vnd.npm.install-v1+json;q=0, application/json"), .full)
        XCTAssertEqual(Packument.form(accept: "application/vnd.npm.install-v1+json;q=0.5, application/json;q=0.9"), .full)
        XCTAssertEqual(Packument.form(accept: "application/json;q=0.5, application/vnd.npm.install-v1+json;q=0.9"), .abbreviated)
        XCTAssertEqual(Packument.form(accept: "APPLICATION/VND.NPM.INSTALL-V1+JSON"), .abbreviated)
        XCTAssertEqual(Packument.Form.full.contentType, "application/json")
        XCTAssertEqual(Packument.Form.abbreviated.contentType, "application/vnd.npm.install-v1+json")
    }

    func testDefaultLatestAndOrder() {
        XCTAssertEqual(Packument.defaultLatest(["1.0.0", "2.0.0-beta.1", "1.10.0", "1.2.0"]), "1.10.0")
        XCTAssertEqual(Packument.defaultLatest(["1.0.0-a", "1.0.0-b"]), "1.0.0-b")
        XCTAssertEqual(Packument.defaultLatest(["x", "y"]), "y")
        XCTAssertNil(Packument.defaultLatest([]))
        XCTAssertEqual(["1.10.0", "junk", "1.2.0", "1.2.0-rc.1"].sorted(by: Packument.precedes), ["1.2.0-rc.1", "1.2.0", "1.10.0", "junk"])
    }

    func testIsoTimes() {
        XCTAssertEqual(PackumentRenderer.iso8601(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(PackumentRenderer.iso8601(1_714_564_800.5), "2024-05-01T12:00:00.500Z")
        XCTAssertEqual(PackumentRenderer.iso8601(951_782_400), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(PackumentRenderer.iso8601(4_102_444_799.999), "2099-12-31T23:59:59.999Z")
    }

    private func input() throws -> PackumentInput {
        let body = try NpmPublishBody(Array(try FormatFixtures.data("npm/publish-unscoped.json")))
        var manifest = try XCTUnwrap(body.versions.first).sanitizedForStorage()
        manifest.json["scripts"] = .object(OrderedJSONObject([("postinstall", .string("node x.js"))]))
        manifest.json["dist"] = .object(OrderedJSONObject([("shasum", .string("client")), ("fileCount", .number(3)), ("unpackedSize", .number(99))]))
        var older = NpmManifest(OrderedJSONObject([("name", .string("tiny-granary-demo")), ("version", .string("0.9.0"))]))
        older.deprecated = "stale"
        let name = body.name
        func version(_ text: String, _ manifest: NpmManifest, _ time: Double, deprecated: String? = nil) -> PackumentVersion {
            PackumentVersion(
                version: text, manifest: manifest, tarballURL: "https://h/npm/r/\(NpmTarball.path(name, version: text))",
                shasum: "sha1-\(text)", integrity: "sha512-\(text)", published: time, deprecated: deprecated)
        }
        let beta = NpmManifest(OrderedJSONObject([("name", .string("x")), ("version", .string("2.0.0-beta.1"))]))
        return PackumentInput(
            name: name, distTags: ["beta": "2.0.0-beta.1", "gone": "3.0.0"],
            versions: [version("1.0.0", manifest, 200), version("2.0.0-beta.1", beta, 300), version("0.9.0", older, 100, deprecated: "use 1.x")],
            revision: "4-abcdef", created: 100, modified: 300)
    }

    func testFullPackument() throws {
        let bytes = Packument.render(try input(), form: .full)
        let document = try OrderedJSON.parse(bytes)
        XCTAssertEqual(
            document.objectValue?.keys,
            ["_id", "_rev", "name", "dist-tags", "versions", "time", "description", "homepage", "repository", "license", "readme",
             "readmeFilename"])
        XCTAssertEqual(document["_id"], .string("tiny-granary-demo"))
        XCTAssertEqual(document["_rev"], .string("4-abcdef"))
        XCTAssertEqual(document["dist-tags"]?.objectValue?.keys, ["latest", "beta"])
        XCTAssertEqual(document["dist-tags"]?["latest"], .string("1.0.0"))
        XCTAssertEqual(document["versions"]?.objectValue?.keys, ["0.9.0", "1.0.0", "2.0.0-beta.1"])
        XCTAssertEqual(document["readme"], .string("# tiny\n\nA readme.\n"))
        XCTAssertEqual(document["time"]?["created"], .string("1970-01-01T00:01:40.000Z"))
        XCTAssertEqual(document["time"]?["modified"], .string("1970-01-01T00:05:00.000Z"))
        XCTAssertEqual(document["time"]?["1.0.0"], .string("1970-01-01T00:03:20.000Z"))

        let v1 = try XCTUnwrap(document["versions"]?["1.0.0"])
        XCTAssertEqual(v1["_id"], .string("tiny-granary-demo@1.0.0"))
        XCTAssertNil(v1["readme"])
        XCTAssertNil(v1["deprecated"])
        XCTAssertEqual(v1["dependencies"]?["@types/node"], .string(">=18"))
        XCTAssertEqual(
            v1["dist"],
            .object(OrderedJSONObject([
                ("integrity", .string("sha512-1.0.0")), ("shasum", .string("sha1-1.0.0")),
                ("tarball", .string("https://h/npm/r/tiny-granary-demo/-/tiny-granary-demo-1.0.0.tgz")),
                ("fileCount", .number(3)), ("unpackedSize", .number(99)),
            ])))
        // The input's deprecation wins over the stored manifest's; the stored name is the package's.
        XCTAssertEqual(document["versions"]?["0.9.0"]?["deprecated"], .string("use 1.x"))
        XCTAssertEqual(document["versions"]?["2.0.0-beta.1"]?["name"], .string("tiny-granary-demo"))

        // Foundation (like npm's JSON.parse) reads the bytes.
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func testAbbreviatedPackument() throws {
        let document = try OrderedJSON.parse(Packument.render(try input(), form: .abbreviated))
        XCTAssertEqual(document.objectValue?.keys, ["name", "modified", "dist-tags", "versions"])
        XCTAssertEqual(document["modified"], .string("1970-01-01T00:05:00.000Z"))
        let v1 = try XCTUnwrap(document["versions"]?["1.0.0"]?.objectValue)
        XCTAssertEqual(
            v1.keys,
            ["name", "version", "dependencies", "optionalDependencies", "devDependencies", "peerDependencies", "bin", "engines",
             "license", "hasInstallScript", "dist"])
        XCTAssertEqual(v1["hasInstallScript"], .bool(true))
        XCTAssertEqual(document["versions"]?["0.9.0"]?["deprecated"], .string("use 1.x"))
        XCTAssertNil(document["versions"]?["0.9.0"]?["hasInstallScript"])
    }

    func testExplicitLatestIsKeptAndEmptyPackageRenders() throws {
        var value = try input()
        value.distTags["latest"] = "2.0.0-beta.1"
        XCTAssertEqual(try OrderedJSON.parse(Packument.render(value, form: .abbreviated))["dist-tags"]?["latest"], .string("2.0.0-beta.1"))
        value.versions = []
        let empty = try OrderedJSON.parse(Packument.render(value, form: .full))
        XCTAssertEqual(empty["dist-tags"], .object(OrderedJSONObject()))
        XCTAssertEqual(empty["versions"], .object(OrderedJSONObject()))
        XCTAssertNil(empty["readme"])
    }
}
