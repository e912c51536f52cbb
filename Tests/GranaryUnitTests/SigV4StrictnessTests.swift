import ControlPlane
import Foundation
import GranaryCore
import GranaryCrypto
import HTTP
import Testing

/// Issue 11 item 6: what a signature covers is what the handlers read (duplicate query names,
/// raw `+`), no `x-amz-content-sha256` value leaves a body unchecked, and malformed access key
/// ids name no key.
@Suite struct SigV4StrictnessTests {
    typealias S = SigV4TestSigner
    let verifier = S.verifier()

    @Test func repeatedQueryNamesAreAmbiguous() {
        let query = Query("domain=a&domain=b&x=1")
        #expect(query.repeatedName == "domain")
        #expect(query["domain"] == nil)
        #expect(query.values("domain") == ["a", "b"])
        #expect(query["x"] == "1")
        // Spellings that decode to the same name are the same name.
        #expect(Query("domain=a&%64omain=b").repeatedName == "domain")
        #expect(Query("a+b=1&a%20b=2").repeatedName == "a b")
        #expect(Query("domain=a&domain-owner=b").repeatedName == nil)
        #expect(Query("domain=a")["domain"] == "a")
    }

    @Test func bothOrdersOfARepeatedNameShareOneSignature() {
        // Why the control plane refuses them: the canonical query sorts values.
        #expect(SigV4Encoding.canonicalQuery(rawQuery: "domain=a&domain=b")
            == SigV4Encoding.canonicalQuery(rawQuery: "domain=b&domain=a"))
    }

    @Test func undecodableQueriesAreFlagged() {
        #expect(Query("a=%zz").hasUndecodablePiece)
        #expect(Query("a=%FF").hasUndecodablePiece)
        #expect(Query("%zz=1").hasUndecodablePiece)
        #expect(!Query("a=%C3%A9&b=c+d").hasUndecodablePiece)
    }

    /// The handler's reading of a raw `+` (a space) is the one the signature covers.
    @Test func rawPlusIsSignedAsTheHandlerReadsIt() throws {
        let query = Query("package=a+b&namespace=c%2Bd")
        #expect(query["package"] == "a b")
        #expect(query["namespace"] == "c+d")
        let canonical = SigV4Encoding.canonicalQuery(rawQuery: query.raw)
        #expect(canonical == "namespace=c%2Bd&package=a%20b")
        // Re-encoding what the handler read gives the same canonical query.
        let reencoded = query.items.map { SigV4Encoding.encode($0.name.utf8) + "=" + SigV4Encoding.encode($0.value.utf8) }
        #expect(SigV4Encoding.canonicalQuery(rawQuery: reencoded.joined(separator: "&")) == canonical)
        // A request signed for "a b" verifies when sent with a raw "+"; one signed for "a+b" does not.
        let space = S.signed(S.request(query: "package=a%20b"))
        var sentWithPlus = space
        sentWithPlus.rawQuery = "package=a+b"
        #expect(try verifier.verify(sentWithPlus, secretKey: S.lookup).accessKeyID == S.keyID)
        var plus = S.signed(S.request(query: "package=a%2Bb"))
        plus.rawQuery = "package=a+b"
        #expect(S.failure { try verifier.verify(plus, secretKey: S.lookup) }?.code == .invalidSignature)
    }

    @Test func presignedParametersReadPlusAsSpaceToo() throws {
        let request = S.presigned(S.request(query: "q=x%20y"))
        var sent = request
        sent.rawQuery = request.rawQuery.replacingOccurrences(of: "q=x%20y", with: "q=x+y")
        #expect(try verifier.verify(sent, secretKey: S.lookup).accessKeyID == S.keyID)
    }

    @Test(arguments: ["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "whatever", "",
                      String(repeating: "a", count: 63), "unsigned-payload"])
    func payloadHashMustBeADigest(_ value: String) throws {
        let request = S.signed(S.request(method: "POST", headers: [("x-amz-content-sha256", value)], body: "x"))
        let error = try #require(S.failure { try verifier.verify(request, secretKey: S.lookup) })
        #expect(error.code == .invalidSignature)
        #expect(error.statusCode == 403)
    }

    @Test func repeatedPayloadHashHeaderIsRefused() throws {
        let sha = Hex.encode(Digest.hash(.sha256, Array("x".utf8)))
        let request = S.signed(S.request(
            method: "POST", headers: [("x-amz-content-sha256", sha), ("x-amz-content-sha256", sha)], body: "x"))
        #expect(S.failure { try verifier.verify(request, secretKey: S.lookup) }?.code == .invalidSignature)
    }

    @Test func upperCaseDigestStillChecksTheBody() throws {
        let sha = Hex.encode(Digest.hash(.sha256, Array("x".utf8))).uppercased()
        let request = S.signed(S.request(method: "POST", headers: [("x-amz-content-sha256", sha)], body: "x"))
        #expect(try verifier.verify(request, secretKey: S.lookup).accessKeyID == S.keyID)
        var other = S.signed(S.request(method: "POST", headers: [("x-amz-content-sha256", sha)], body: "x"))
        other.bodySHA256 = Hex.encode(Digest.hash(.sha256, Array("y".utf8)))
        #expect(S.failure { try verifier.verify(other, secretKey: S.lookup) }?.code == .contentSHA256Mismatch)
    }

    @Test func accessKeyIdShape() {
        #expect(Identifiers.isAccessKeyId(Identifiers.newAccessKeyId()))
        #expect(Identifiers.isAccessKeyId("AKIAIOSFODNN7EXAMPLE"))
        for bad in ["akiaiosfodnn7example", "AKIAIOSFODNN7EXAMPLe", "AKIA", "AKIAIOSFODNN7EXAMPL ", "AKIAIOSFODNN7EXAMP-E",
                    "AKIAIOSFODNN7EXAMPLÉ", String(repeating: "A", count: 129), "", "AKIAIOSFODNN7EXAMPLE\u{0}"] {
            #expect(!Identifiers.isAccessKeyId(bad), "\(bad)")
        }
    }
}

extension SigV4StrictnessTests {
    @Test func presignedParametersAreGivenOnce() throws {
        let request = S.presigned(S.request())
        var twice = request
        twice.rawQuery += "&X-Amz-Date=" + S.time.iso8601Basic
        let error = try #require(S.failure { try verifier.verify(twice, secretKey: S.lookup) })
        #expect(error.code == .incompleteSignature)
    }
}
