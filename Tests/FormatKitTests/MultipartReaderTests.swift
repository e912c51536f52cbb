import Foundation
@testable import FormatKit
import XCTest

final class MultipartReaderTests: XCTestCase {
    /// A reader over `body` whose source hands out `chunks` bytes per call, cycling.
    private func reader(_ body: [UInt8], contentType: String, chunks: [Int], bufferSize: Int = 1024) throws -> MultipartReader {
        var offset = 0
        var turn = 0
        return try MultipartReader(contentType: contentType, maxHeaderBytes: 512, bufferSize: bufferSize) { buffer in
            let size = chunks[turn % chunks.count]
            turn += 1
            let count = min(size, buffer.count, body.count - offset)
            for index in 0..<count { buffer[index] = body[offset + index] }
            offset += count
            return count
        }
    }

    private struct Part: Equatable {
        let part: MultipartPart
        let body: [UInt8]
    }

    /// Reads every part, streaming bodies through `read(into:)` with `outputSize`-byte buffers.
    private func readAll(_ reader: MultipartReader, outputSize: Int = 5) throws -> [Part] {
        var parts: [Part] = []
        var output = [UInt8](repeating: 0, count: outputSize)
        while let part = try reader.nextPart() {
            var body: [UInt8] = []
            while true {
                let count = try output.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                body += output[..<count]
            }
            parts.append(Part(part: part, body: body))
        }
        return parts
    }

    private let simpleBody = Array((
        "preamble to ignore\r\n--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
        + "tiny-demo\r\n--XyZ \t\r\n"
        + "content-disposition: form-data; name=\"content\"; filename=\"a \\\"q\\\" b.whl\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n"
        + "line1\r\n--XyZnot-a-boundary\r\n\r\r\n-\r\n--Xy\r\n\r\n--XyZ--\r\nepilogue"
    ).utf8)

    func testPartsSurviveEveryChunking() throws {
        let expected = [
            Part(part: MultipartPart(name: "name", filename: nil, contentType: nil), body: Array("tiny-demo".utf8)),
            Part(part: MultipartPart(name: "content", filename: "a \"q\" b.whl", contentType: "application/octet-stream"),
                 body: Array("line1\r\n--XyZnot-a-boundary\r\n\r\r\n-\r\n--Xy\r\n".utf8)),
        ]
        for chunks in [[1], [2], [3], [7], [1, 5, 2], [13, 1], [10_000]] {
            for outputSize in [1, 4, 64] {
                let parts = try readAll(try reader(simpleBody, contentType: "multipart/form-data; boundary=XyZ", chunks: chunks), outputSize: outputSize)
                XCTAssertEqual(parts, expected, "chunks \(chunks), output \(outputSize)")
            }
        }
    }

    func testQuotedBoundaryAndTextFields() throws {
        let body = Array("--a:b\r\nContent-Disposition: form-data; name=x\r\n\r\nvalue é\r\n--a:b--".utf8)
        let form = try reader(body, contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a:b\"", chunks: [3])
        XCTAssertEqual(form.boundary, "a:b")
        XCTAssertEqual(try form.nextPart()?.name, "x")
        XCTAssertEqual(try form.readText(limit: 100), "value é")
        XCTAssertNil(try form.nextPart())
        XCTAssertNil(try form.nextPart(), "stays at the end")
    }

    func testUnreadPartsAreSkipped() throws {
        let form = try reader(simpleBody, contentType: "multipart/form-data; boundary=XyZ", chunks: [4])
        XCTAssertEqual(try form.nextPart()?.name, "name")
        XCTAssertEqual(try form.nextPart()?.filename, "a \"q\" b.whl")
        XCTAssertNil(try form.nextPart())
    }

    func testErrors() throws {
        func error(_ body: String, contentType: String = "multipart/form-data; boundary=B", limit: Int = 100) -> MultipartError? {
            do {
                let form = try reader(Array(body.utf8), contentType: contentType, chunks: [3])
                while try form.nextPart() != nil { _ = try form.readText(limit: limit) }
                return nil
            } catch {
                return error as? MultipartError
            }
        }
        XCTAssertEqual(error("", contentType: "application/json")?.kind, .notMultipart)
        XCTAssertEqual(error("", contentType: "multipart/form-data")?.message, "The multipart/form-data content type has no boundary parameter")
        XCTAssertEqual(error("--B\r\nContent-Disposition: form-data; name=x\r\n\r\nhalf a val")?.kind, .truncated)
        XCTAssertEqual(error("--B\r\nContent-Disposition: form-data; name=x\r\n")?.kind, .truncated)
        XCTAssertEqual(error("no boundary anywhere")?.kind, .truncated)
        XCTAssertEqual(error("--B\r\nContent-Disposition: form-data; name=x\r\n\r\n0123456789\r\n--B--", limit: 5)?.message,
                       "The form field x is larger than 5 bytes")
        XCTAssertEqual(error("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--")?.kind, .malformed)
        XCTAssertEqual(error("--B\r\nNo colon here\r\n\r\nx\r\n--B--")?.kind, .malformed)
        XCTAssertEqual(error("--B junk\r\n")?.kind, .malformed)
        XCTAssertEqual(error("--Bjunk\r\n")?.kind, .truncated, "--Bjunk is not a delimiter, so no boundary ever comes")
        XCTAssertEqual(error("--B\r\nX-Long: " + String(repeating: "h", count: 600) + "\r\n\r\n--B--")?.kind, .tooLarge)
        XCTAssertEqual(error("--B\r\nContent-Disposition: form-data; name=x\r\n\r\nfine\r\n--B--"), nil)
    }

    func testRealTwineUploadBody() throws {
        let body = try FormatKitFixtures.bytes("pypi/twine-upload.body")
        struct Expected: Decodable {
            let content_type: String
            let fields: [[String]]
        }
        let expected = try JSONDecoder().decode(Expected.self, from: FormatKitFixtures.data("pypi/twine-upload.json"))
        let wheel = try FormatKitFixtures.bytes("pypi/" + FormatKitFixtures.wheelName)
        for chunks in [[1], [997], [64 * 1024]] {
            let form = try reader(body, contentType: expected.content_type, chunks: chunks, bufferSize: 700)
            var fields: [[String]] = []
            var content: [UInt8]?
            while let part = try form.nextPart() {
                if part.name == "content" {
                    XCTAssertEqual(part.filename, FormatKitFixtures.wheelName)
                    XCTAssertEqual(part.contentType, "application/octet-stream")
                    content = try form.readBytes(limit: 1 << 20)
                } else {
                    XCTAssertNil(part.filename)
                    fields.append([part.name, try form.readText(limit: 1 << 20)])
                }
            }
            XCTAssertEqual(fields, expected.fields)
            XCTAssertEqual(content, wheel)
        }
        let names = Set(expected.fields.map { $0[0] })
        XCTAssertTrue(names.isSuperset(of: [":action", "protocol_version", "name", "version", "filetype", "pyversion", "metadata_version",
                                           "summary", "sha256_digest", "blake2_256_digest", "requires_dist"]))
        XCTAssertEqual(expected.fields.filter { $0[0] == "requires_dist" }.count, 3)
    }
    /// Bodies full of near-delimiters (`\r\n--bound` cut short, followed by text), read with
    /// random chunk and output sizes from a fixed seed: every part comes back byte for byte.
    /// nuget 2.8.7 on mono ends its one part with a bare LF before the closing boundary, and
    /// sends nothing after it; a CR right before an LF delimiter is the line break's, not data.
    func testBareLineFeedDelimitersAsMonoWritesThem() throws {
        let package: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x0D, 0x00, 0x00]
        let body = Array("-----------------------------8df5\r\nContent-Disposition: form-data; name=\"package\"; filename=\"package\"\r\n".utf8)
            + Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + package + Array("\n-----------------------------8df5--".utf8)
        for chunks in [[1], [3, 7], [1000]] {
            let form = try reader(body, contentType: "multipart/form-data; boundary=---------------------------8df5", chunks: chunks)
            let read = try readAll(form, outputSize: 3)
            XCTAssertEqual(read.map(\.body), [package], "\(chunks)")
            XCTAssertEqual(read.first?.part.filename, "package")
        }
        let crlf = Array("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nab\r\r\n--b--\r\n".utf8)
        for chunks in [[1], [2], [100]] {
            let read = try readAll(try reader(crlf, contentType: "multipart/form-data; boundary=b", chunks: chunks), outputSize: 1)
            XCTAssertEqual(read.map(\.body), [Array("ab\r".utf8)], "\(chunks)")
        }
    }

    func testRandomBodiesAndChunkings() throws {
        var random = SplitMix(seed: 0x6772_616E_6172_79)
        let pieces: [[UInt8]] = [Array("\r\n--bound".utf8), Array("\r\n--boun".utf8), Array("\r\n-".utf8), Array("\r".utf8),
                                 Array("\r\n--boundX".utf8), Array("--bound".utf8), [0], [0xFF, 0x0D], Array("data".utf8)]
        for round in 0..<60 {
            var parts: [[UInt8]] = []
            var body: [UInt8] = []
            for index in 0..<Int(random.next() % 4 + 1) {
                var part: [UInt8] = []
                repeat {
                    part = []
                    for _ in 0..<Int(random.next() % 40) { part += pieces[Int(random.next() % UInt64(pieces.count))] }
                } while containsRealDelimiter(Array("\r\n".utf8) + part + Array("\r\n".utf8))
                parts.append(part)
                body += Array("--bound\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\n".utf8) + part + Array("\r\n".utf8)
            }
            body += Array("--bound--\r\n".utf8)
            let chunks = (0..<5).map { _ in Int(random.next() % 23 + 1) }
            let form = try reader(body, contentType: "multipart/form-data; boundary=bound", chunks: chunks, bufferSize: 64)
            let read = try readAll(form, outputSize: Int(random.next() % 9 + 1))
            XCTAssertEqual(read.map(\.body), parts, "round \(round)")
            XCTAssertEqual(read.map(\.part.name), parts.indices.map { "f\($0)" }, "round \(round)")
        }
    }
}

/// Whether `bytes` holds `\n--bound` (the reader takes a bare LF too) followed by what makes it a delimiter.
private func containsRealDelimiter(_ bytes: [UInt8]) -> Bool {
    let delimiter = Array("\n--bound".utf8)
    guard bytes.count > delimiter.count else { return false }
    for start in 0..<(bytes.count - delimiter.count) where Array(bytes[start..<start + delimiter.count]) == delimiter {
        if [UInt8(ascii: "-"), 0x20, 0x09, 0x0D, 0x0A].contains(bytes[start + delimiter.count]) { return true }
    }
    return false
}

/// A small deterministic generator, so a failing round can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
