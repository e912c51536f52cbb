import FormatKit
import Compression
import Foundation
@testable import PyPIFormat
import XCTest

final class PyPIArchiveTests: XCTestCase {
    private func metadata(_ fileName: String, _ bytes: [UInt8], limits: DistributionArchive.Limits = .init()) throws -> String {
        String(decoding: try DistributionArchive.coreMetadata(fileName: fileName, source: BytesByteSource(bytes), limits: limits), as: UTF8.self)
    }

    private func assertPyPIError(
        _ expression: @autoclosure () throws -> Any, kind: PyPIError.Kind, contains text: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let error = error as? PyPIError else { return XCTFail("not a PyPIError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, kind, error.message, file: file, line: line)
            XCTAssertTrue(error.message.contains(text), "\(error.message) lacks \(text)", file: file, line: line)
        }
    }

    func testWheelMetadataIsTheDistInfoMETADATA() throws {
        let text = try metadata(PyPIFixtures.wheelName, try PyPIFixtures.bytes(PyPIFixtures.wheelName))
        XCTAssertTrue(text.hasPrefix("Metadata-Version: 2.1\nName: tiny-demo\nVersion: 1.0rc1\n"))
        XCTAssertTrue(text.contains("Requires-Dist: requests<3,>=2.0"))
    }

    func testZip64WheelReadsTheSame() throws {
        let plain = try metadata(PyPIFixtures.wheelName, try PyPIFixtures.bytes(PyPIFixtures.wheelName))
        let zip64 = try PyPIFixtures.bytes("zip64/" + PyPIFixtures.wheelName)
        XCTAssertEqual(try metadata(PyPIFixtures.wheelName, zip64), plain)
        let archive = try ZipArchive(source: BytesByteSource(zip64))
        XCTAssertEqual(archive.entries.count, try ZipArchive(source: BytesByteSource(try PyPIFixtures.bytes(PyPIFixtures.wheelName))).entries.count)
    }

    func testSdistsGiveTheTopLevelPKGINFO() throws {
        let expected = "Metadata-Version: 2.1\nName: tiny-demo\nVersion: 1.0rc1\n"
        XCTAssertTrue(try metadata(PyPIFixtures.sdistName, try PyPIFixtures.bytes(PyPIFixtures.sdistName)).hasPrefix(expected))
        // The zip lists the egg-info copy first; only {top}/PKG-INFO counts.
        let zip = try PyPIFixtures.bytes(PyPIFixtures.zipSdistName)
        XCTAssertEqual(try ZipArchive(source: BytesByteSource(zip)).entries.first?.path, "tiny-demo-1.0rc1/src/tiny_demo.egg-info/PKG-INFO")
        XCTAssertTrue(try metadata(PyPIFixtures.zipSdistName, zip).hasPrefix(expected))
        // Long top directories through GNU `L` records and pax `path` records; the deeper PKG-INFO comes first.
        for name in ["gnu-longname-1.0.tar.gz", "pax-longname-1.0.tar.gz"] {
            XCTAssertTrue(try metadata(name, try PyPIFixtures.bytes(name)).hasPrefix(expected), name)
        }
    }

    func testReadsFromAFile() throws {
        let path = NSTemporaryDirectory() + "granary-pypi-\(UUID().uuidString).whl"
        let bytes = try PyPIFixtures.bytes(PyPIFixtures.wheelName)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try FileByteSource(path: path)
        XCTAssertEqual(source.size, bytes.count)
        XCTAssertEqual(try source.read(offset: 10, count: 5), Array(bytes[10..<15]))
        XCTAssertEqual(try source.read(offset: bytes.count - 3, count: 100), Array(bytes.suffix(3)))
        XCTAssertEqual(try source.read(offset: bytes.count + 5, count: 1), [])
        XCTAssertThrowsError(try source.read(offset: -1, count: 1))
        let text = try DistributionArchive.coreMetadata(fileName: PyPIFixtures.wheelName, source: source)
        XCTAssertTrue(String(decoding: text, as: UTF8.self).contains("Name: tiny-demo"))
        XCTAssertThrowsError(try FileByteSource(path: path + ".missing")) { XCTAssertTrue($0 is ByteSourceError) }
    }

    func testTruncatedArchivesAreInvalid() throws {
        let wheel = try PyPIFixtures.bytes(PyPIFixtures.wheelName)
        assertPyPIError(try metadata(PyPIFixtures.wheelName, Array(wheel.prefix(wheel.count - 30))),
                        kind: .invalidArchive, contains: "The wheel is not a valid zip archive: ")
        assertPyPIError(try metadata(PyPIFixtures.wheelName, Array(wheel.prefix(10))), kind: .invalidArchive, contains: "too short")
        let sdist = try PyPIFixtures.bytes(PyPIFixtures.sdistName)
        // Cut inside the compressed stream before PKG-INFO ends.
        assertPyPIError(try metadata(PyPIFixtures.sdistName, Array(sdist.prefix(200))),
                        kind: .invalidArchive, contains: "The sdist is not a valid gzip-compressed tar archive: ")
        assertPyPIError(try metadata(PyPIFixtures.sdistName, Array("plain text, not gzip".utf8)),
                        kind: .invalidArchive, contains: "not a valid gzip-compressed tar archive")
        assertPyPIError(try metadata(PyPIFixtures.zipSdistName, Array("PK".utf8) + Array(repeating: 0, count: 40)),
                        kind: .invalidArchive, contains: "The sdist is not a valid zip archive: ")
    }

    func testCorruptEntryFailsItsCheck() throws {
        var zip = PyPIFixtures.storedZip([("demo-1.0.dist-info/METADATA", Array("Name: demo\nVersion: 1.0\n".utf8))])
        zip[30 + 27 + 2] ^= 0x20  // inside the stored data, after the local header and name
        assertPyPIError(try metadata("demo-1.0-py3-none-any.whl", zip), kind: .invalidArchive, contains: "CRC-32")
    }

    func testWheelLayoutRules() throws {
        let meta = Array("Name: demo\nVersion: 1.0\n".utf8)
        XCTAssertEqual(try metadata("demo-1.0-py3-none-any.whl", PyPIFixtures.storedZip([
            ("demo/__init__.py", []), ("demo/sub.dist-info/METADATA", Array("Name: nested".utf8)), ("demo-1.0.dist-info/METADATA", meta),
        ])), "Name: demo\nVersion: 1.0\n")
        assertPyPIError(try metadata("demo-1.0-py3-none-any.whl", PyPIFixtures.storedZip([
            ("demo-1.0.dist-info/METADATA", meta), ("other-2.0.dist-info/METADATA", meta),
        ])), kind: .invalidArchive, contains: "more than one .dist-info directory: demo-1.0.dist-info, other-2.0.dist-info")
        assertPyPIError(try metadata("demo-1.0-py3-none-any.whl", PyPIFixtures.storedZip([("demo-1.0.dist-info/RECORD", [])])),
                        kind: .invalidArchive, contains: "no demo-1.0.dist-info/METADATA")
        assertPyPIError(try metadata("demo-1.0-py3-none-any.whl", PyPIFixtures.storedZip([("demo/__init__.py", [])])),
                        kind: .invalidArchive, contains: "no .dist-info directory")
        assertPyPIError(try metadata("demo-1.0-py3-none-any.whl", PyPIFixtures.storedZip([("demo-1.0.dist-info/METADATA", meta)], flags: 1)),
                        kind: .invalidArchive, contains: "encrypted")
        assertPyPIError(try metadata("demo-1.0.zip", PyPIFixtures.storedZip([("demo-1.0/src/demo.egg-info/PKG-INFO", meta)])),
                        kind: .invalidArchive, contains: "no {name}-{version}/PKG-INFO")
        assertPyPIError(try metadata("demo-1.0.zip", PyPIFixtures.storedZip([("a/PKG-INFO", meta), ("b/PKG-INFO", meta)])),
                        kind: .invalidArchive, contains: "more than one top-level PKG-INFO")
    }

    func testMetadataSizeLimit() throws {
        let small = DistributionArchive.Limits(metadataBytes: 100)
        assertPyPIError(try metadata(PyPIFixtures.wheelName, try PyPIFixtures.bytes(PyPIFixtures.wheelName), limits: small),
                        kind: .tooLarge, contains: "more than the 100 accepted")
        assertPyPIError(try metadata(PyPIFixtures.sdistName, try PyPIFixtures.bytes(PyPIFixtures.sdistName), limits: small),
                        kind: .tooLarge, contains: "more than the 100 accepted")
        let tiny = DistributionArchive.Limits(tarBytes: 1024)
        assertPyPIError(try metadata(PyPIFixtures.sdistName, try PyPIFixtures.bytes(PyPIFixtures.sdistName), limits: tiny),
                        kind: .tooLarge, contains: "1024")
    }

    func testUnsupportedFileNamesAreRefused() {
        assertPyPIError(try metadata("demo-1.0.exe", []), kind: .invalidFileName, contains: "not a supported distribution file")
    }
}
