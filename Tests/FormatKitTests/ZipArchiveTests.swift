import XCTest

@testable import FormatKit

final class ZipArchiveTests: XCTestCase {
    /// The same wheel written with zip64 end records and extra fields (`zip64/`, made by
    /// make_fixtures.py) lists the same entries and extracts the same bytes.
    func testZip64ArchivesReadLikePlainOnes() throws {
        let plain = try ZipArchive(source: BytesByteSource(try FormatKitFixtures.bytes("pypi/" + FormatKitFixtures.wheelName)))
        let zip64 = try ZipArchive(source: BytesByteSource(try FormatKitFixtures.bytes("pypi/zip64/" + FormatKitFixtures.wheelName)))
        XCTAssertEqual(zip64.entries.map(\.path), plain.entries.map(\.path))
        XCTAssertEqual(zip64.entries.map(\.crc32), plain.entries.map(\.crc32))
        for (left, right) in zip(plain.entries, zip64.entries) where !left.isDirectory {
            XCTAssertEqual(try zip64.extract(right, limit: 1 << 20), try plain.extract(left, limit: 1 << 20), left.path)
        }
    }

    func testEntriesAndLimits() throws {
        let archive = try ZipArchive(source: BytesByteSource(try FormatKitFixtures.bytes("pypi/" + FormatKitFixtures.wheelName)))
        let entry = try XCTUnwrap(archive.entry(named: "tiny_demo-1.0rc1.dist-info/METADATA"))
        XCTAssertTrue(String(decoding: try archive.extract(entry, limit: 1 << 20), as: UTF8.self).hasPrefix("Metadata-Version: 2.1\n"))
        XCTAssertThrowsError(try archive.extract(entry, limit: 10)) { error in
            XCTAssertEqual((error as? ArchiveError)?.kind, .tooLarge)
        }
        XCTAssertThrowsError(try ZipArchive(source: BytesByteSource(Array("PK".utf8) + Array(repeating: 0, count: 40)))) { error in
            XCTAssertEqual((error as? ArchiveError)?.kind, .corrupt)
        }
    }
}
