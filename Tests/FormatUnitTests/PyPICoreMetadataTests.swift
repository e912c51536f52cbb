import FormatKit
import GranaryCore
@testable import PyPIFormat
import XCTest

final class PyPICoreMetadataTests: XCTestCase {
    func testWheelMETADATA() throws {
        let bytes = try DistributionArchive.coreMetadata(
            fileName: PyPIFixtures.wheelName, source: BytesByteSource(try PyPIFixtures.bytes(PyPIFixtures.wheelName)))
        let metadata = try CoreMetadata(parsing: bytes)
        XCTAssertEqual(metadata.metadataVersion, "2.1")
        XCTAssertEqual(metadata.name, "tiny-demo")
        XCTAssertEqual(metadata.version, "1.0rc1")
        XCTAssertEqual(metadata.summary, "A tiny demo distribution for Granary's tests")
        XCTAssertEqual(metadata.license, "MIT")
        XCTAssertEqual(metadata.authorEmail, "Granary Tests <tests@example.com>")
        XCTAssertEqual(metadata.keywords, ["demo", "granary"])
        XCTAssertEqual(metadata.requiresPython, ">=3.8")
        XCTAssertEqual(metadata.descriptionContentType, "text/markdown")
        XCTAssertEqual(metadata.requiresDist, ["requests<3,>=2.0", "tomli; python_version < \"3.11\"", "click[colors]>=8; extra == \"cli\""])
        XCTAssertEqual(metadata.providesExtra, ["cli"])
        XCTAssertEqual(metadata.classifiers, ["License :: OSI Approved :: MIT License", "Programming Language :: Python :: 3"])
        XCTAssertEqual(metadata.projectURLs.map(\.label), ["Homepage", "Source"])
        XCTAssertEqual(metadata.description, "# Tiny demo\n\nA *tiny* distribution.\n\n    indented code\n")

        let version = metadata.versionMetadata
        XCTAssertEqual(version.displayName, "tiny-demo")
        XCTAssertEqual(version.summary, "A tiny demo distribution for Granary's tests")
        XCTAssertEqual(version.homePage, "https://example.com/tiny-demo")
        XCTAssertEqual(version.sourceCodeRepository, "https://git.example.com/tiny-demo")
        XCTAssertEqual(version.licenses, [License(name: "MIT", url: nil)])
        XCTAssertEqual(version.readme, metadata.description)
        XCTAssertEqual(version.dependencies, [
            Dependency(namespace: nil, package: "requests", dependencyType: "Requires-Dist", versionRequirement: "<3,>=2.0"),
            Dependency(namespace: nil, package: "tomli", dependencyType: "Requires-Dist", versionRequirement: "; python_version < \"3.11\""),
            Dependency(namespace: nil, package: "click", dependencyType: "Requires-Dist", versionRequirement: ">=8; extra == \"cli\""),
        ])
    }

    func testLegacyPKGINFOWithFoldedFields() throws {
        let text = """
            Metadata-Version: 1.2\r
            Name: Old_Package\r
            Version: 0.9\r
            Summary: folded\r
              summary line\r
            Home-page: UNKNOWN\r
            License: Copyright (c) someone
                   |
                   |Permission is hereby granted
            Description: First line
                    Second line
                      indented more
            Platform: UNKNOWN
            Classifier: License :: OSI Approved :: BSD License
            Requires-Dist: six (>=1.10)
            Requires-Dist: pytz
            Requires-Dist: foo @ https://example.com/foo.zip ; os_name == "nt"
            Project-URL: Source Code, https://example.com/src

            """
        let metadata = try CoreMetadata.parse(text)
        XCTAssertEqual(metadata.name, "Old_Package")
        XCTAssertEqual(metadata.summary, "folded summary line")
        XCTAssertNil(metadata.homePage, "UNKNOWN means absent")
        XCTAssertEqual(metadata.license, "Copyright (c) someone\n\nPermission is hereby granted")
        XCTAssertEqual(metadata.description, "First line\nSecond line\n  indented more")
        XCTAssertNil(metadata.body)
        let version = metadata.versionMetadata
        XCTAssertNil(version.homePage)
        XCTAssertEqual(version.sourceCodeRepository, "https://example.com/src")
        XCTAssertEqual(version.licenses, [License(name: "BSD License", url: nil)], "a multi-line License is text; the classifier names it")
        XCTAssertEqual(version.dependencies.map(\.versionRequirement), [">=1.10", nil, "@ https://example.com/foo.zip; os_name == \"nt\""])
        XCTAssertEqual(version.dependencies.map(\.package), ["six", "pytz", "foo"])
    }

    func testLicenseExpressionWinsAndHomeFallsBackToProjectURL() throws {
        let metadata = try CoreMetadata.parse("""
            Metadata-Version: 2.4
            Name: new
            Version: 2.0
            License-Expression: MIT OR Apache-2.0
            License: ignored
            Project-URL: Home-Page, https://example.com/home
            Project-URL: repository, https://example.com/repo
            Keywords: one two
            Dynamic: Requires-Dist

            body text
            """)
        XCTAssertEqual(metadata.versionMetadata.licenses, [License(name: "MIT OR Apache-2.0", url: nil)])
        XCTAssertEqual(metadata.versionMetadata.homePage, "https://example.com/home")
        XCTAssertEqual(metadata.versionMetadata.sourceCodeRepository, "https://example.com/repo")
        XCTAssertEqual(metadata.keywords, ["one", "two"])
        XCTAssertEqual(metadata.dynamic, ["Requires-Dist"])
        XCTAssertEqual(metadata.description, "body text")
        XCTAssertEqual(metadata.values("name"), ["new"], "field names compare case-insensitively")
    }

    func testNameAndVersionAreRequired() {
        XCTAssertThrowsError(try CoreMetadata.parse("Version: 1.0\n")) {
            XCTAssertEqual(($0 as? PyPIError)?.message, "The core metadata has no Name field")
        }
        XCTAssertThrowsError(try CoreMetadata.parse("Name: x\nVersion:   \n")) {
            XCTAssertEqual(($0 as? PyPIError)?.kind, .invalidMetadata)
        }
    }

    func testRequirementParsing() {
        let requirement = Requirement("Requests [security, socks] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"")
        XCTAssertEqual(requirement?.name, "Requests")
        XCTAssertEqual(requirement?.extras, ["security", "socks"])
        XCTAssertEqual(requirement?.specifier, ">= 2.8.1, == 2.8.*")
        XCTAssertEqual(requirement?.marker, "python_version < \"2.7\"")
        XCTAssertEqual(requirement?.versionRequirement, ">= 2.8.1, == 2.8.*; python_version < \"2.7\"")
        XCTAssertNil(Requirement("  ; nothing"))
        XCTAssertNil(Requirement("name")?.versionRequirement)
    }
}
