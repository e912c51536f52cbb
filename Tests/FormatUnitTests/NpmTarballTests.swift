import XCTest

@testable import NpmFormat

final class NpmTarballTests: XCTestCase {
    func testFileNamesAndPaths() throws {
        let plain = try NpmPackageName("left-pad")
        let scoped = try NpmPackageName("@types/node")
        XCTAssertEqual(NpmTarball.fileName(plain, version: "1.3.0"), "left-pad-1.3.0.tgz")
        XCTAssertEqual(NpmTarball.fileName(scoped, version: "20.1.0-rc.1"), "node-20.1.0-rc.1.tgz")
        XCTAssertEqual(NpmTarball.path(plain, version: "1.3.0"), "left-pad/-/left-pad-1.3.0.tgz")
        XCTAssertEqual(NpmTarball.path(scoped, version: "20.1.0"), "@types/node/-/node-20.1.0.tgz")
    }

    func testParsesWhatItBuilds() throws {
        for full in ["left-pad", "@types/node", "a-b-c"] {
            let name = try NpmPackageName(full)
            for version in ["1.0.0", "1.0.0-beta.1+b.2", "0.0.1-a-b"] {
                let parsed = try NpmTarball.parse(path: "/" + NpmTarball.path(name, version: version))
                XCTAssertEqual(parsed.package, name)
                XCTAssertEqual(parsed.version, version)
                XCTAssertEqual(try NpmTarball.version(fromFileName: NpmTarball.fileName(name, version: version), package: name), version)
            }
        }
        let escaped = try NpmTarball.parse(path: "@types%2fnode/-/node-1.0.0.tgz")
        XCTAssertEqual(escaped.package.fullName, "@types/node")
    }

    func testRejectsEscapesAndStrangers() throws {
        let name = try NpmPackageName("@scope/pkg")
        for file in [
            "pkg-1.0.0.tar.gz", "other-1.0.0.tgz", "pkg-.tgz", "pkg-1.0.0", "pkg-../x.tgz", "pkg-1/2.tgz", "pkg-1.0.0.tgz\0",
            "pkg-a\\b.tgz", "@scope/pkg-1.0.0.tgz", "pkg-..tgz", "",
        ] {
            XCTAssertThrowsError(try NpmTarball.version(fromFileName: file, package: name), "accepted \(file.debugDescription)")
        }
        for path in ["pkg-1.0.0.tgz", "pkg/pkg-1.0.0.tgz", "../pkg/-/pkg-1.0.0.tgz", "a/b/-/b-1.tgz", "pkg/-/../x.tgz", "pkg/-/"] {
            XCTAssertThrowsError(try NpmTarball.parse(path: path), "accepted \(path.debugDescription)")
        }
    }
}
