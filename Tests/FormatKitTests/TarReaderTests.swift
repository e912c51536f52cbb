import Compression
import Foundation
import XCTest

@testable import FormatKit

final class TarReaderTests: XCTestCase {
    func testTarReaderSeesLongPaths() throws {
        let reader = TarReader()
        var seen: [String] = []
        let found = try reader.firstMember(in: BytesByteSource(try FormatKitFixtures.bytes("pypi/pax-longname-1.0.tar.gz")), limit: 1000) {
            seen.append($0.path)
            return false
        }
        XCTAssertNil(found)
        let top = "long-" + String(repeating: "x", count: 120) + "-1.0"
        XCTAssertEqual(seen, [top + "/src/long.egg-info/PKG-INFO", top + "/PKG-INFO", top + "/README.md"])
    }

    func testVerifyReadsWholeArchives() throws {
        for name in [FormatKitFixtures.sdistName, "gnu-longname-1.0.tar.gz", "pax-longname-1.0.tar.gz"] {
            XCTAssertNoThrow(try TarReader().verify(BytesByteSource(try FormatKitFixtures.bytes("pypi/" + name))), name)
        }
    }

    func testVerifyRefusesWhatIsNotACompleteTarGz() throws {
        let sdist = try FormatKitFixtures.bytes("pypi/" + FormatKitFixtures.sdistName)
        let cases: [(String, [UInt8])] = [
            ("cut short", Array(sdist.prefix(sdist.count - 10))),
            ("not gzip", Array("not a gzip stream at all".utf8)),
            ("gzip of no tar", try gzip(Array(repeating: 0x41, count: 2048))),
            ("gzip of nothing", try gzip([])),
        ]
        for (what, bytes) in cases {
            XCTAssertThrowsError(try TarReader().verify(BytesByteSource(bytes)), what) { error in
                XCTAssertEqual((error as? ArchiveError)?.kind, .corrupt, what)
            }
        }
        XCTAssertThrowsError(try TarReader(maxTotalBytes: 1024).verify(BytesByteSource(sdist))) { error in
            XCTAssertEqual((error as? ArchiveError)?.kind, .tooLarge)
        }
    }

    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try Gzip.compress(bytes) }
}
