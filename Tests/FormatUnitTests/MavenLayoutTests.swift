import XCTest

@testable import MavenFormat

/// Maven's version order (cases from ComparableVersion's own test suite and its documentation),
/// the repository layout's paths, and the file names of releases and SNAPSHOT builds.
final class MavenLayoutTests: XCTestCase {
    func testVersionsInMavenOrder() {
        let ascending = [
            "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2", "1-rc123",
            "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123",
        ]
        for (lower, higher) in zip(ascending, ascending.dropFirst()) {
            XCTAssertLessThan(MavenVersion(lower), MavenVersion(higher), "\(lower) < \(higher)")
        }
        XCTAssertLessThan(MavenVersion("1.0.9"), MavenVersion("1.0.10"))
        XCTAssertLessThan(MavenVersion("1.9"), MavenVersion("1.10"))
        XCTAssertLessThan(MavenVersion("2.0-SNAPSHOT"), MavenVersion("2.0"))
        XCTAssertLessThan(MavenVersion("2.0"), MavenVersion("2.0.1"))
    }

    func testEquivalentSpellings() {
        for (lhs, rhs) in [("1", "1.0"), ("1", "1.0.0"), ("1.0", "1-0"), ("1", "1-ga"), ("1", "1.final"), ("1-cr1", "1-rc1"),
                           ("1a1", "1-alpha-1"), ("1.0.0-RELEASE", "1"), ("1x", "1-x")] {
            XCTAssertEqual(MavenVersion(lhs), MavenVersion(rhs), "\(lhs) == \(rhs)")
        }
        XCTAssertTrue(MavenVersion("1.1.0-SNAPSHOT").isSnapshot)
        XCTAssertFalse(MavenVersion("1.1.0").isSnapshot)
    }

    func testPaths() {
        let hello = MavenArtifact(groupId: "com.example", artifactId: "hello")
        XCTAssertEqual(MavenPath(["com", "example", "hello", "maven-metadata.xml"]), .artifactMetadata(hello, nil))
        XCTAssertEqual(MavenPath(["com", "example", "hello", "maven-metadata.xml.sha1"]), .artifactMetadata(hello, .sha1))
        XCTAssertEqual(
            MavenPath(["com", "example", "hello", "1.1.0-SNAPSHOT", "maven-metadata.xml"]),
            .snapshotMetadata(hello, version: "1.1.0-SNAPSHOT", nil))
        XCTAssertEqual(
            MavenPath(["com", "example", "hello", "1.0.0", "hello-1.0.0.jar.sha512"]),
            .file(hello, version: "1.0.0", file: "hello-1.0.0.jar", .sha512))
        XCTAssertEqual(hello.path, "com/example/hello/")
        for bad in [["hello", "maven-metadata.xml"], ["com", "..", "hello", "1.0", "x.jar"], ["com", "a b", "1.0", "x.jar"], ["x.jar"],
                    ["com", "example", "", "1.0", "hello-1.0.jar"], ["com", ".hidden", "hello", "1.0", "hello-1.0.jar"]] {
            XCTAssertNil(MavenPath(bad), "\(bad)")
        }
    }

    func testFileNames() throws {
        let jar = try XCTUnwrap(MavenFileName("hello-1.0.0.jar", artifactId: "hello", version: "1.0.0"))
        XCTAssertNil(jar.classifier)
        XCTAssertNil(jar.build)
        XCTAssertEqual(jar.fileExtension, "jar")
        let sources = try XCTUnwrap(MavenFileName("hello-1.0.0-sources.jar", artifactId: "hello", version: "1.0.0"))
        XCTAssertEqual(sources.classifier, "sources")
        XCTAssertEqual(MavenFileName("hello-1.0.0.tar.gz", artifactId: "hello", version: "1.0.0")?.fileExtension, "tar.gz")
        let build = try XCTUnwrap(MavenFileName("hello-1.1.0-20261203.172333-2-javadoc.jar", artifactId: "hello", version: "1.1.0-SNAPSHOT"))
        XCTAssertEqual(build.build, SnapshotBuild(timestamp: "20261203.172333", buildNumber: 2))
        XCTAssertEqual(build.classifier, "javadoc")
        XCTAssertEqual(build.build?.version(base: "1.1.0"), "1.1.0-20261203.172333-2")
        XCTAssertEqual(build.build?.updated, "20261203172333")
        let plain = try XCTUnwrap(MavenFileName("hello-1.1.0-SNAPSHOT.pom", artifactId: "hello", version: "1.1.0-SNAPSHOT"))
        XCTAssertNil(plain.build)
        XCTAssertEqual(plain.fileExtension, "pom")
        for bad in ["other-1.0.0.jar", "hello-2.0.0.jar", "hello-1.0.0", "hello-1.0.0-.jar", "hello-1.0.0."] {
            XCTAssertNil(MavenFileName(bad, artifactId: "hello", version: "1.0.0"), bad)
        }
        XCTAssertNil(MavenFileName("hello-1.1.0-2026120.172333-1.jar", artifactId: "hello", version: "1.1.0-SNAPSHOT"))
        XCTAssertNil(MavenFileName("hello-1.1.0-20261203.172333-2x.jar", artifactId: "hello", version: "1.1.0-SNAPSHOT"))
        XCTAssertLessThan(SnapshotBuild(timestamp: "20261203.172333", buildNumber: 9), SnapshotBuild(timestamp: "20261203.172300", buildNumber: 10))
    }
}
