import EdgeKit
import HTTP
import Testing

/// The byte-level decoders on every request's path: header lookup, the token in Authorization,
/// and the Content-Disposition of downloads.
@Suite struct EdgeDecodingTests {
    func request(authorization: String) -> Request {
        Request(method: "GET", rawPath: "/x", segments: ["x"], headers: Headers([("Authorization", authorization)]))
    }

    @Test func headerNamesCompareIgnoringASCIICaseOnly() {
        let headers = Headers([("Content-Type", "a"), ("X-Ünï", "b"), ("x-a", "1"), ("X-A", "2")])
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Type "] == nil)
        #expect(headers["X-Ünï"] == "b")
        #expect(headers["x-üNï"] == nil)  // only ASCII letters fold
        #expect(headers.values("X-a") == ["1", "2"])
        // "@" (0x40) and "`" (0x60) differ by the case bit but are not letters.
        #expect(Headers([("A@", "1")])["a`"] == nil)
    }

    @Test func tokensFromEveryScheme() {
        #expect(TokenCredentials.token(in: request(authorization: "Bearer abc.def")) == "abc.def")
        // "aws:tok+/en" → base64 with '+' and '/' in the standard alphabet, and padding.
        #expect(TokenCredentials.token(in: request(authorization: "Basic YXdzOnRvaz8+L2Vu")) == "tok?>/en")
        #expect(TokenCredentials.token(in: request(authorization: "basic  YXdzOnQ= ")) == "t")
        #expect(TokenCredentials.token(in: request(authorization: "Basic dXNlcjp0Ojo=")) == "t::")
        #expect(TokenCredentials.token(in: request(authorization: "rawtoken")) == "rawtoken")
    }

    @Test func malformedBasicCredentialsGiveNoToken() {
        #expect(TokenCredentials.token(in: request(authorization: "Basic YXdzOnQ")) == nil)  // length not a multiple of 4
        #expect(TokenCredentials.token(in: request(authorization: "Basic YXdz")) == nil)  // no colon
        #expect(TokenCredentials.token(in: request(authorization: "Basic YX-zOnQ=")) == nil)  // base64url character
        #expect(TokenCredentials.token(in: request(authorization: "Basic YXd*OnQ=")) == nil)
        #expect(TokenCredentials.token(in: request(authorization: "Basic /w==")) == nil)  // no colon, not UTF-8
    }

    @Test func contentDispositionHasAnASCIIFallbackAndTheExactName() {
        #expect(BlobDownload.contentDisposition("pkg-1.0.tar.gz") == "attachment; filename=\"pkg-1.0.tar.gz\"; filename*=UTF-8''pkg-1.0.tar.gz")
        #expect(
            BlobDownload.contentDisposition("a \"b\"\\é~.whl")
                == "attachment; filename=\"a _b___~.whl\"; filename*=UTF-8''a%20%22b%22%5C%C3%A9~.whl")
    }
}

@Suite struct AcceptEncodingTests {
    @Test func gzipOnlyWhenTheClientTakesIt() {
        #expect(AcceptEncoding.allowsGzip("gzip"))
        #expect(AcceptEncoding.allowsGzip("gzip, deflate"))  // requests (pip), npm
        #expect(AcceptEncoding.allowsGzip("br;q=1.0, GZIP;q=0.5, *;q=0.1"))
        #expect(AcceptEncoding.allowsGzip("x-gzip"))
        #expect(AcceptEncoding.allowsGzip("*"))
        #expect(AcceptEncoding.allowsGzip("deflate, gzip ; q=0.001"))
        #expect(!AcceptEncoding.allowsGzip(nil))  // identity for a plain curl
        #expect(!AcceptEncoding.allowsGzip(""))
        #expect(!AcceptEncoding.allowsGzip("identity"))
        #expect(!AcceptEncoding.allowsGzip("br, deflate"))
        #expect(!AcceptEncoding.allowsGzip("gzip;q=0"))
        #expect(!AcceptEncoding.allowsGzip("gzip;q=0.000"))
        #expect(!AcceptEncoding.allowsGzip("*, gzip;q=0"))  // refused by name, whatever * says
        #expect(!AcceptEncoding.allowsGzip("*;q=0"))
        #expect(!AcceptEncoding.allowsGzip("gzip;q=bogus"))
    }
}
