import Foundation
import GranaryCrypto
import XCTest

@testable import NpmFormat

final class NpmPublishBodyTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] { Array(try FormatFixtures.data("npm/\(name)")) }

    /// Drains a reader with buffers of `chunk` bytes.
    private func drain(_ read: (UnsafeMutableRawBufferPointer) throws -> Int, chunk: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try read($0) }
            if count == 0 { return out }
            out.append(contentsOf: buffer[0..<count])
        }
    }

    func testRealUnscopedPublish() throws {
        let body = try NpmPublishBody(fixture("publish-unscoped.json"))
        XCTAssertEqual(body.name.fullName, "tiny-granary-demo")
        XCTAssertEqual(body.versions.map(\.version), ["1.0.0"])
        XCTAssertEqual(body.distTags, ["latest": "1.0.0"])
        XCTAssertNil(body.revision)
        XCTAssertEqual(body.attachments.count, 1)
        let attachment = try XCTUnwrap(body.attachments.first)
        XCTAssertEqual(attachment.fileName, "tiny-granary-demo-1.0.0.tgz")
        XCTAssertEqual(attachment.version, "1.0.0")
        XCTAssertEqual(attachment.contentType, "application/octet-stream")
        XCTAssertEqual(attachment.declaredLength, 456)
        XCTAssertEqual(attachment.decodedLength, 456)
        // The data string is not in the parsed document.
        XCTAssertNil(body.document["_attachments"]?[attachment.fileName]?["data"])
        XCTAssertEqual(body.document["_attachments"]?[attachment.fileName]?["length"]?.intValue, 456)

        let tarball = Array(try FormatFixtures.data("npm/tiny-granary-demo-1.0.0.tgz"))
        for chunk in [1, 2, 3, 4, 5, 7, 64, 4096] {
            XCTAssertEqual(try drain(body.reader(for: attachment), chunk: chunk), tarball, "chunk \(chunk)")
        }
        let manifest = try XCTUnwrap(body.manifest(version: "1.0.0"))
        XCTAssertEqual(manifest.distShasum, Hex.encode(Digest.hash(.sha1, tarball)))
        XCTAssertEqual(manifest.distIntegrity, "sha512-" + Data(Digest.hash(.sha512, tarball)).base64EncodedString())
    }

    func testRealScopedPublishNamesTheAttachmentWithTheScope() throws {
        let body = try NpmPublishBody(fixture("publish-scoped.json"))
        XCTAssertEqual(body.name.scope, "granary-test")
        XCTAssertEqual(body.name.name, "scoped-demo")
        XCTAssertEqual(body.distTags, ["beta": "2.1.0-beta.1"])
        let attachment = try XCTUnwrap(body.attachments.first)
        XCTAssertEqual(attachment.fileName, "@granary-test/scoped-demo-2.1.0-beta.1.tgz")
        XCTAssertEqual(attachment.version, "2.1.0-beta.1")
        let tarball = try drain(body.reader(for: attachment), chunk: 100)
        XCTAssertEqual(tarball.count, 244)
        XCTAssertEqual(Array(tarball.prefix(2)), [0x1F, 0x8B])
        XCTAssertEqual(Hex.encode(Digest.hash(.sha1, tarball)), body.versions.first?.distShasum)
    }

    func testRealDeprecateHasNoAttachments() throws {
        let body = try NpmPublishBody(fixture("deprecate.json"))
        XCTAssertTrue(body.attachments.isEmpty)
        XCTAssertEqual(body.revision, "1-abc")
        XCTAssertEqual(body.versions.first?.deprecated, "use v2 instead")
    }

    /// A body in the shape npm sends, with `data` given verbatim (so escapes can be tested).
    private func body(name: String = "pkg", version: String = "1.0.0", file: String? = nil, data: String, length: Int?) -> [UInt8] {
        let lengthMember = length.map { #","length":\#($0)"# } ?? ""
        let text = """
            {"_id":"\(name)","name":"\(name)","dist-tags":{"latest":"\(version)"},"versions":{"\(version)":{"name":"\(name)",\
            "version":"\(version)"}},"access":null,"_attachments":{"\(file ?? "\(name)-\(version).tgz")":{"content_type":\
            "application/octet-stream","data":"\(data)"\(lengthMember)}}}
            """
        return Array(text.utf8)
    }

    func testEscapedSlashesAndMissingPaddingDecode() throws {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE, 0x01]  // "////++++AQ=="
        for (data, length) in [(#"\/\/\/\/++++AQ=="#, 7), ("////++++AQ", 7), (#"\/\/\/\/++++AQ"#, 7)] {
            let parsed = try NpmPublishBody(body(data: data, length: length))
            let attachment = try XCTUnwrap(parsed.attachments.first)
            XCTAssertEqual(attachment.decodedLength, 7, data)
            XCTAssertEqual(try drain(parsed.reader(for: attachment), chunk: 3), bytes, data)
            XCTAssertEqual(try drain(parsed.reader(for: attachment), chunk: 1), bytes, data)
        }
        let empty = try NpmPublishBody(body(data: "", length: 0))
        XCTAssertEqual(try drain(empty.reader(for: empty.attachments[0]), chunk: 8), [])
    }

    func testInvalidBase64FailsWhileReading() throws {
        for data in ["AAAA*AAA", #"AA\nA"#, "AAAA AAA", "AA=A", #"AAAA\"AAA"#] {
            let parsed: NpmPublishBody
            do {
                parsed = try NpmPublishBody(body(data: data, length: nil))
            } catch let error as NpmError {
                XCTAssertEqual(error.kind, .invalidBase64, data)
                continue
            }
            XCTAssertThrowsError(try drain(parsed.reader(for: parsed.attachments[0]), chunk: 16), data) { error in
                XCTAssertEqual((error as? NpmError)?.kind, .invalidBase64)
            }
        }
        // Impossible lengths are caught before reading.
        for data in ["A", "AAAAA", "AA===", "A==="] {
            XCTAssertThrowsError(try NpmPublishBody(body(data: data, length: nil)), data) { error in
                XCTAssertEqual((error as? NpmError)?.kind, .invalidBase64)
            }
        }
    }

    func testLengthMismatchIsRejected() {
        XCTAssertThrowsError(try NpmPublishBody(body(data: "AAAA", length: 4))) { error in
            XCTAssertEqual((error as? NpmError)?.kind, .invalidAttachment)
            XCTAssertEqual((error as? NpmError)?.message, #"Attachment "pkg-1.0.0.tgz" declares length 4 but its data is 3 bytes."#)
        }
        XCTAssertNoThrow(try NpmPublishBody(body(data: "AAAA", length: nil)))
    }

    func testAttachmentMustNameAVersion() {
        for file in ["other-1.0.0.tgz", "pkg-2.0.0.tgz", "pkg-1.0.0.tar.gz", "@x/pkg-1.0.0.tgz"] {
            XCTAssertThrowsError(try NpmPublishBody(body(file: file, data: "AAAA", length: 3)), file) { error in
                XCTAssertEqual((error as? NpmError)?.kind, .invalidAttachment)
            }
        }
        XCTAssertThrowsError(try NpmPublishBody(body(version: "1.0", data: "AAAA", length: 3))) { error in
            XCTAssertEqual((error as? NpmError)?.kind, .invalidVersion)
        }
        XCTAssertNoThrow(try NpmPublishBody(body(name: "@s/pkg", file: "pkg-1.0.0.tgz", data: "AAAA", length: 3)))
        let mismatched = #"{"name":"pkg","versions":{"1.0.0":{"name":"pkg","version":"1.0.1"}},"#
            + #""_attachments":{"pkg-1.0.0.tgz":{"data":"AAAA"}}}"#
        XCTAssertThrowsError(try NpmPublishBody(Array(mismatched.utf8))) { error in
            XCTAssertEqual((error as? NpmError)?.message, "Version 1.0.0 in the body describes pkg@1.0.1, not pkg@1.0.0.")
        }
    }

    func testMissingDataNameOrVersions() {
        let cases: [(String, NpmError.Kind)] = [
            (#"{"name":"pkg","versions":{"1.0.0":{}},"_attachments":{"pkg-1.0.0.tgz":{"length":3}}}"#, .invalidAttachment),
            (#"{"versions":{}}"#, .invalidDocument),
            (#"{"name":"pkg"}"#, .invalidDocument),
            (#"{"name":"pkg","versions":{"1.0.0":"x"}}"#, .invalidDocument),
            (#"{"name":"pkg","versions":{},"dist-tags":{"latest":1}}"#, .invalidDocument),
            (#"{"name":"Bad Name","versions":{}}"#, .invalidName),
            (#"["name"]"#, .invalidDocument),
            (#"{"name":"pkg","versions":{}"#, .invalidDocument),
            ("not json", .invalidDocument),
        ]
        for (text, kind) in cases {
            XCTAssertThrowsError(try NpmPublishBody(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? NpmError)?.kind, kind, text)
            }
        }
    }

    func testLargeAttachmentStreamsCorrectly() throws {
        var payload = [UInt8](repeating: 0, count: 3 * 1024 * 1024 + 1)
        for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let parsed = try NpmPublishBody(body(data: Data(payload).base64EncodedString(), length: payload.count))
        let attachment = try XCTUnwrap(parsed.attachments.first)
        XCTAssertEqual(attachment.decodedLength, payload.count)
        let digest = Digest(.sha256)
        let read = parsed.reader(for: attachment)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while true {
            let count = try buffer.withUnsafeMutableBytes { try read($0) }
            if count == 0 { break }
            total += count
            buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        XCTAssertEqual(total, payload.count)
        XCTAssertEqual(digest.finish(), Digest.hash(.sha256, payload))
    }
}
