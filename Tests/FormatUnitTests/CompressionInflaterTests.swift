import Compression
import XCTest

final class CompressionInflaterTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] { [UInt8](try FormatFixtures.data("pypi/compression/" + name)) }

    /// Pull reader over an array, handing out at most `chunk` bytes per call.
    private func reader(_ bytes: [UInt8], chunk: Int, format: Inflater.Format, limit: Int = .max) throws -> InflateReader {
        var offset = 0
        return try InflateReader(format: format, outputLimit: limit, inputBufferSize: 16) { buffer in
            let count = min(chunk, buffer.count, bytes.count - offset)
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    func testCRC32MatchesTheStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        var crc = CRC32()
        crc.update(Array("1234".utf8))
        crc.update(Array("56789".utf8))
        XCTAssertEqual(crc.value, 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([]), 0)
    }

    func testRawDeflateInflatesWholeAndStopsAtTheLimit() throws {
        let bomb = try fixture("zeros-4MiB.deflate")
        let all = try Inflater.inflate(bomb, format: .rawDeflate)
        XCTAssertEqual(all.count, 4 << 20)
        XCTAssertTrue(all.allSatisfy { $0 == 0 })
        XCTAssertThrowsError(try Inflater.inflate(bomb, format: .rawDeflate, outputLimit: 1 << 20)) { error in
            XCTAssertEqual(error as? CompressionError, .outputLimitExceeded(limit: 1 << 20))
            XCTAssertEqual("\(error)", "the data decompresses to more than 1048576 bytes")
        }
        // Exactly at the limit is fine.
        XCTAssertEqual(try Inflater.inflate(bomb, format: .rawDeflate, outputLimit: 4 << 20).count, 4 << 20)
    }

    func testPushFeedingInOddChunks() throws {
        let bomb = try fixture("zeros-4MiB.deflate")
        let inflater = try Inflater(format: .rawDeflate)
        var produced = 0
        var offset = 0
        while offset < bomb.count {
            let end = min(bomb.count, offset + 7)
            let consumed = try Array(bomb[offset..<end]).withUnsafeBytes { try inflater.inflate($0) { produced += $0.count } }
            XCTAssertEqual(consumed, end - offset)
            offset = end
        }
        try inflater.finish()
        XCTAssertEqual(produced, 4 << 20)
        XCTAssertEqual(inflater.totalOut, 4 << 20)
    }

    func testPullReaderReadsMultiMemberGzipWithOneByteChunks() throws {
        let gz = try fixture("two-members.gz")
        for chunk in [1, 3, 64] {
            let text = try reader(gz, chunk: chunk, format: .gzip).readAll()
            XCTAssertEqual(String(decoding: text, as: UTF8.self), "first member\nsecond member\n", "chunk \(chunk)")
        }
        // The push inflater stops at the end of the first member and says how much it used.
        let inflater = try Inflater(format: .gzip)
        var first: [UInt8] = []
        let consumed = try gz.withUnsafeBytes { try inflater.inflate($0) { first.append(contentsOf: $0) } }
        XCTAssertTrue(inflater.isFinished)
        XCTAssertEqual(String(decoding: first, as: UTF8.self), "first member\n")
        XCTAssertEqual(gz[consumed], 0x1F)
    }

    func testPullReaderEnforcesTheLimit() throws {
        let bomb = try fixture("zeros-4MiB.deflate")
        // Without a limit all of it comes out, though the input ends long before the output.
        for chunk in [1000, 1 << 20] {
            let all = try reader(bomb, chunk: chunk, format: .rawDeflate).readAll()
            XCTAssertEqual(all.count, 4 << 20)
        }
        let pull = try reader(bomb, chunk: 1000, format: .rawDeflate, limit: 100_000)
        XCTAssertThrowsError(try pull.readAll()) { XCTAssertEqual($0 as? CompressionError, .outputLimitExceeded(limit: 100_000)) }
    }

    func testTruncatedAndCorruptStreams() throws {
        let gz = try fixture("two-members.gz")
        let firstMember = Array(gz[..<(gz.count / 2)])
        XCTAssertThrowsError(try Inflater.inflate(Array(firstMember.dropLast(5)), format: .gzip)) {
            XCTAssertEqual($0 as? CompressionError, .truncated)
        }
        XCTAssertThrowsError(try reader(Array(firstMember.dropLast(5)), chunk: 4, format: .gzip).readAll()) {
            XCTAssertEqual($0 as? CompressionError, .truncated)
        }
        XCTAssertThrowsError(try Inflater.inflate(Array("not gzip at all".utf8), format: .gzip)) { error in
            guard case .corrupt(let detail)? = error as? CompressionError else { return XCTFail("\(error)") }
            XCTAssertFalse(detail.isEmpty)
        }
        // A flipped byte in the payload fails the gzip CRC check.
        var damaged = firstMember
        damaged[damaged.count - 10] ^= 0xFF
        XCTAssertThrowsError(try Inflater.inflate(damaged, format: .gzip))
        XCTAssertThrowsError(try Inflater.inflate([], format: .rawDeflate)) { XCTAssertEqual($0 as? CompressionError, .truncated) }
    }
}

final class CompressionGzipTests: XCTestCase {
    func testRoundTripThroughTheInflater() throws {
        for input in [[UInt8](), Array("a".utf8), Array(String(repeating: "<a href=\"x\">pkg-1.0.whl</a>\n", count: 2000).utf8),
                      (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }] {
            let compressed = try Gzip.compress(input)
            XCTAssertEqual(Array(compressed.prefix(2)), [0x1f, 0x8b], "a gzip member")
            XCTAssertEqual(try Inflater.inflate(compressed, format: .gzip), input)
        }
    }

    func testRepetitiveListingsShrink() throws {
        let page = Array(String(repeating: "<a href=\"../../files/p/1.0.0/p-1.0.0-py3-none-any.whl#sha256=00\">p</a><br/>\n", count: 200).utf8)
        XCTAssertLessThan(try Gzip.compress(page).count, page.count / 10)
    }
}
