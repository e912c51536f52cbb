import FormatKit
import GranaryCore
import XCTest

@testable import MavenFormat

/// POMs and maven-metadata.xml as clients send them, hostile ones refused; the documents
/// Granary renders, read back by the same reader.
final class MavenDocumentTests: XCTestCase {
    let hello = MavenArtifact(groupId: "com.example", artifactId: "hello")

    func testPOMWithParentLicensesAndDependencies() throws {
        let pom = try MavenPOM.parse(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0.0</version></parent>
              <artifactId>hello</artifactId>
              <name>Hello &amp; friends</name>
              <description>Says hello.</description>
              <url>https://example.com/hello</url>
              <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>
              <scm><url>https://git.example.com/hello</url></scm>
              <dependencies>
                <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
                <dependency><groupId>com.acme</groupId><artifactId>extra</artifactId><version>[1.0,2.0)</version><optional>true</optional></dependency>
              </dependencies>
            </project>
            """.utf8))
        XCTAssertEqual(pom.groupId, "com.example")
        XCTAssertEqual(pom.version, "1.0.0")
        XCTAssertEqual(pom.packaging, "jar")
        XCTAssertEqual(pom.metadata.displayName, "Hello & friends")
        XCTAssertEqual(pom.metadata.summary, "Says hello.")
        XCTAssertEqual(pom.metadata.homePage, "https://example.com/hello")
        XCTAssertEqual(pom.metadata.sourceCodeRepository, "https://git.example.com/hello")
        XCTAssertEqual(pom.metadata.licenses, [License(name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0")])
        XCTAssertEqual(pom.metadata.dependencies.map(\.dependencyType), ["parent", "test", "compile", "optional"])
        XCTAssertEqual(pom.metadata.dependencies[3].versionRequirement, "[1.0,2.0)")
        XCTAssertNoThrow(try pom.check(hello, version: "1.0.0"))
        XCTAssertThrowsError(try pom.check(hello, version: "1.0.1"))
    }

    func testHostilePOMsAreRefused() {
        let billionLaughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
            <project><groupId>a</groupId><artifactId>&lol2;</artifactId><version>1</version></project>
            """
        let external = """
            <?xml version="1.0"?><!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <project><groupId>a</groupId><artifactId>&xxe;</artifactId><version>1</version></project>
            """
        let deep = "<project>" + String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100) + "</project>"
        let huge = "<project><description>" + String(repeating: "x", count: 2 << 20) + "</description></project>"
        for (name, text) in [("entities", billionLaughs), ("external entity", external), ("deep", deep), ("huge", huge),
                             ("truncated", "<project><groupId>a</groupId>"), ("no artifactId", "<project><groupId>a</groupId><version>1</version></project>"),
                             ("not a POM", "<settings/>")] {
            XCTAssertThrowsError(try MavenPOM.parse(Array(text.utf8)), name) { error in
                XCTAssertTrue(error is MavenError, "\(name): \(error)")
            }
        }
    }

    func testClientMetadataIsRead() throws {
        let document = try MavenMetadataDocument.parse(Array("""
            <metadata><groupId>com.example</groupId><artifactId>hello</artifactId>
              <versioning><release>1.0.0</release><versions><version>1.0.0</version><version>1.1.0-SNAPSHOT</version></versions>
              <lastUpdated>20261203172333</lastUpdated></versioning></metadata>
            """.utf8))
        XCTAssertEqual(document.versions, ["1.0.0", "1.1.0-SNAPSHOT"])
        XCTAssertNoThrow(try document.check(hello))
        XCTAssertThrowsError(try document.check(MavenArtifact(groupId: "com.example", artifactId: "other")))
        let plugins = try MavenMetadataDocument.parse(Array("<metadata><plugins><plugin><prefix>x</prefix></plugin></plugins></metadata>".utf8))
        XCTAssertTrue(plugins.isPluginGroup)
        XCTAssertThrowsError(try MavenMetadataDocument.parse(Array("<!DOCTYPE metadata><metadata/>".utf8)))
    }

    func testArtifactMetadataIsRenderedInMavenOrder() throws {
        let xml = MavenMetadataRenderer.artifact(
            hello, versions: [("1.10.0", 3000), ("1.9.0", 1000), ("2.0.0-SNAPSHOT", 4000), ("1.10.0-rc1", 2000), ("<b>", 0)])
        let root = try XMLReader.parse(xml)
        let versioning = try XCTUnwrap(root.child("versioning"))
        XCTAssertEqual(versioning.child("versions")?.children("version").map(\.text), ["<b>", "1.9.0", "1.10.0-rc1", "1.10.0", "2.0.0-SNAPSHOT"])
        XCTAssertEqual(versioning.value("latest"), "2.0.0-SNAPSHOT")
        XCTAssertEqual(versioning.value("release"), "1.10.0")
        XCTAssertEqual(versioning.value("lastUpdated"), "19700101010640")
        XCTAssertEqual(root.value("groupId"), "com.example")
    }

    func testSnapshotMetadataNamesTheNewestBuildPerFile() throws {
        let names = ["hello-1.1.0-20261203.172330-1.jar", "hello-1.1.0-20261203.172330-1.pom", "hello-1.1.0-20261203.172333-2.jar",
                     "hello-1.1.0-20261203.172333-2.pom", "hello-1.1.0-20261203.172330-1-sources.jar"]
        let files = try names.map { name in
            MavenMetadataRenderer.SnapshotFile(
                name: try XCTUnwrap(MavenFileName(name, artifactId: "hello", version: "1.1.0-SNAPSHOT")), published: 0)
        }
        let root = try XMLReader.parse(MavenMetadataRenderer.snapshot(hello, version: "1.1.0-SNAPSHOT", files: files))
        XCTAssertEqual(root.value("version"), "1.1.0-SNAPSHOT")
        let versioning = try XCTUnwrap(root.child("versioning"))
        XCTAssertEqual(versioning.child("snapshot")?.value("timestamp"), "20261203.172333")
        XCTAssertEqual(versioning.child("snapshot")?.value("buildNumber"), "2")
        let entries = versioning.child("snapshotVersions")?.children("snapshotVersion").map {
            "\($0.value("classifier") ?? "-") \($0.value("extension") ?? "") \($0.value("value") ?? "")"
        }
        XCTAssertEqual(entries?.sorted(), [
            "- jar 1.1.0-20261203.172333-2", "- pom 1.1.0-20261203.172333-2", "sources jar 1.1.0-20261203.172330-1",
        ])
    }
}
