import ControlPlane
import GranaryCrypto
import HTTP
import Testing

/// Payload hashes (`x-amz-content-sha256` vs the body), the `Date` header, the HTTP.Request
/// bridge, and the encodings and dates underneath.
@Suite struct SigV4PayloadAndEncodingTests {
    typealias S = SigV4TestSigner
    let verifier = S.verifier()
    static let helloSHA256 = Hex.encode(Digest.hash(.sha256, Array("hello".utf8)))

    @Test func unsignedPayloadOnlyWhereAllowed() throws {
        var request = S.signed(S.request(method: "PUT", headers: [("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")], body: "x"))
        let refused = try #require(S.failure { try verifier.verify(request, secretKey: S.lookup) })
        #expect(refused.code == .invalidSignature)
        #expect(refused.statusCode == 403)
        #expect(refused.message.contains("UNSIGNED-PAYLOAD"))
        request.allowsUnsignedPayload = true
        let identity = try verifier.verify(request, secretKey: S.lookup)
        #expect(identity.payloadHash == "UNSIGNED-PAYLOAD")
        #expect(identity.unverifiedPayloadSHA256 == nil)
    }

    @Test func declaredPayloadHash() throws {
        var request = S.signed(S.request(method: "POST", headers: [("x-amz-content-sha256", Self.helloSHA256)], body: "hello"))
        #expect(try verifier.verify(request, secretKey: S.lookup).unverifiedPayloadSHA256 == nil)

        // Streamed body not read yet: the verifier hands the declared hash back to be checked.
        request.bodySHA256 = nil
        #expect(!request.needsBodySHA256)
        #expect(try verifier.verify(request, secretKey: S.lookup).unverifiedPayloadSHA256 == Self.helloSHA256)

        // A body that does not match the signed declaration.
        request.bodySHA256 = Hex.encode(Digest.hash(.sha256, Array("bye".utf8)))
        let error = try #require(S.failure { try verifier.verify(request, secretKey: S.lookup) })
        #expect(error.code == .contentSHA256Mismatch)
        #expect(error.statusCode == 400)
    }

    @Test func bodyHashIsRequiredWithoutTheHeader() throws {
        var request = S.signed(S.request(method: "POST", body: "hello"))
        request.bodySHA256 = nil
        #expect(request.needsBodySHA256)
        let error = try #require(S.failure { try verifier.verify(request, secretKey: S.lookup) })
        #expect(error.code == .internalFailure)
        #expect(error.statusCode == 500)
    }

    @Test func dateHeaderInsteadOfXAmzDate() throws {
        // botocore writes email.utils.formatdate(): "-0000" instead of "GMT".
        for date in ["Sun, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 -0000", "Sun, 30 Aug 2015 14:36:00 +0200"] {
            let request = S.signed(S.request(headers: [("Date", date)]))
            let identity = try verifier.verify(request, secretKey: S.lookup)
            #expect(identity.signingTime.iso8601Basic == "20150830T123600Z")
        }
    }

    @Test func httpRequestBridgeDropsNginxDuplicates() throws {
        // What FastCGI decoding builds today from nginx: HTTP_CONTENT_TYPE/HTTP_CONTENT_LENGTH, then
        // Content-Type/Content-Length again from CONTENT_TYPE/CONTENT_LENGTH.
        let signed = S.signed(S.request(method: "POST", path: "/v1/domain", query: "domain=a%20b",
            headers: [("Content-Type", "application/json")], body: "{}"))
        var headers = Headers(signed.headers.map { ($0.name, $0.value) })
        headers.add("Content-Length", "2")
        headers.add("Content-Type", "application/json")
        headers.add("Content-Length", "2")
        let http = HTTP.Request(method: "POST", rawPath: "/v1/domain", segments: ["v1", "domain"], query: Query("domain=a%20b"),
                                headers: headers)
        let bridged = SigV4Request(http, bodySHA256: signed.bodySHA256)
        #expect(bridged.values("content-type") == ["application/json"])
        #expect(bridged.values("content-length") == ["2"])
        #expect(bridged.rawQuery == "domain=a%20b")
        #expect(try verifier.verify(bridged, secretKey: S.lookup).accessKeyID == "AKIDEXAMPLE")
    }

    @Test func canonicalURIDoubleEncodes() {
        #expect(SigV4Encoding.canonicalURI(rawPath: "/v1/package/@scope%2Fname") == "/v1/package/%40scope%252Fname")
        #expect(SigV4Encoding.canonicalURI(rawPath: "/a b/ሴ/") == "/a%20b/%E1%88%B4/")
        #expect(SigV4Encoding.canonicalURI(rawPath: "//a/./b/../c//") == "/a/c/")
        #expect(SigV4Encoding.canonicalURI(rawPath: "/a/%2e%2e/b") == "/a/%252e%252e/b")
        #expect(SigV4Encoding.canonicalURI(rawPath: "") == "/")
    }

    @Test func canonicalQuery() {
        #expect(SigV4Encoding.canonicalQuery(rawQuery: "b=2&a=1&a=0&c") == "a=0&a=1&b=2&c=")
        // A raw "+" is a space, as HTTP.Query reads it; a plus is "%2B".
        #expect(SigV4Encoding.canonicalQuery(rawQuery: "p=a+b&q=a%20b&r=%7e%2a&s=a%2Bb") == "p=a%20b&q=a%20b&r=~%2A&s=a%2Bb")
        // Sorted by name first: "a" before "a-b" although "a=" > "a-" as text.
        #expect(SigV4Encoding.canonicalQuery(rawQuery: "a-b=1&a=2") == "a=2&a-b=1")
        #expect(SigV4Encoding.canonicalQuery(rawQuery: "x=%zz&X-Amz-Signature=abc", excluding: ["X-Amz-Signature"]) == "x=%25zz")
    }

    @Test func headerValuesAreTrimmed() {
        #expect(SigV4CanonicalRequest.canonicalValue(["  a \t  b  ", "c"]) == "a b,c")
        #expect(SigV4CanonicalRequest.canonicalValue([""]) == "")
    }

    @Test func timestamps() throws {
        let t = try #require(SigV4Timestamp(iso8601Basic: "20150830T123600Z"))
        #expect(t.secondsSince1970 == 1_440_938_160)
        #expect(t.iso8601Basic == "20150830T123600Z")
        #expect(t.scopeDate == "20150830")
        #expect(SigV4Timestamp(iso8601Basic: "20240229T235959Z")?.adding(seconds: 1).iso8601Basic == "20240301T000000Z")
        #expect(SigV4Timestamp(secondsSince1970: 0).iso8601Basic == "19700101T000000Z")
        for bad in ["20230229T000000Z", "20150830T243600Z", "20150830T123600", "2015083OT123600Z", "20151330T123600Z", ""] {
            #expect(SigV4Timestamp(iso8601Basic: bad) == nil)
        }
        #expect(SigV4Timestamp(httpDate: "Sun, 06 Nov 1994 08:49:37 GMT")?.iso8601Basic == "19941106T084937Z")
        #expect(SigV4Timestamp(httpDate: "Sun, 06 Nov 1994 08:49:37 EST") == nil)
        #expect(SigV4Timestamp(httpDate: "06 Foo 1994 08:49:37 GMT") == nil)
    }

    @Test func errorStatuses() {
        let expected: [SigV4Error.Code: Int] = [
            .missingAuthenticationToken: 403, .incompleteSignature: 400, .invalidSignature: 403,
            .unrecognizedClient: 403, .contentSHA256Mismatch: 400, .internalFailure: 500,
        ]
        for code in SigV4Error.Code.allCases { #expect(code.statusCode == expected[code]) }
    }
}
