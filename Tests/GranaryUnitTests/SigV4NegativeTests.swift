import ControlPlane
import GranaryCrypto
import Testing

/// What the verifier refuses, with the error code, status and AWS wording botocore will show.
@Suite struct SigV4NegativeTests {
    typealias S = SigV4TestSigner
    let verifier = S.verifier()

    func failure(_ request: SigV4Request, verifier: SigV4Verifier? = nil) -> SigV4Error? {
        S.failure { try (verifier ?? self.verifier).verify(request, secretKey: S.lookup) }
    }

    @Test func signedRequestPasses() throws {
        let request = S.signed(S.request(method: "POST", path: "/v1/domain", query: "domain=d", body: "{}"))
        let identity = try verifier.verify(request, secretKey: S.lookup)
        #expect(identity.accessKeyID == "AKIDEXAMPLE")
        #expect(identity.form == .header)
    }

    @Test func tamperedHeaderQueryPathOrBody() throws {
        let base = S.signed(S.request(path: "/v1/domain", query: "domain=d", headers: [("My-Header", "a")]))
        var header = base
        header.headers = header.headers.map { $0.name == "My-Header" ? ($0.name, "b") : $0 }
        var query = base
        query.rawQuery = "domain=e"
        var path = base
        path.rawPath = "/v1/domains"
        var body = base
        body.bodySHA256 = Hex.encode(Digest.hash(.sha256, Array("x".utf8)))
        for request in [header, query, path, body] {
            let error = try #require(failure(request))
            #expect(error.code == .invalidSignature)
            #expect(error.statusCode == 403)
            #expect(error.message.hasPrefix("The request signature we calculated does not match the signature you provided."))
            #expect(error.canonicalRequest != nil && error.stringToSign != nil)
            #expect(error.detailedMessage.contains("The Canonical String for this request should have been"))
        }
    }

    @Test func wrongSecretAndUnknownKey() throws {
        let wrong = try #require(failure(S.signed(S.request(), secret: Array("not-the-secret".utf8))))
        #expect(wrong.code == .invalidSignature)
        let unknown = try #require(failure(S.signed(S.request(), keyID: "AKIDUNKNOWN")))
        #expect(unknown.code == .unrecognizedClient)
        #expect(unknown.errorType == "UnrecognizedClientException")
        #expect(unknown.statusCode == 403)
        #expect(unknown.message == "The security token included in the request is invalid.")
    }

    @Test func lookupErrorsPropagate() {
        struct DatabaseDown: Error {}
        #expect(throws: DatabaseDown.self) {
            try verifier.verify(S.signed(S.request())) { _ in throw DatabaseDown() }
        }
    }

    @Test func clockWindow() throws {
        let request = S.signed(S.request())
        #expect(failure(request, verifier: S.verifier(now: S.time.adding(seconds: 900))) == nil)
        #expect(failure(request, verifier: S.verifier(now: S.time.adding(seconds: -900))) == nil)
        let stale = try #require(failure(request, verifier: S.verifier(now: S.time.adding(seconds: 901))))
        #expect(stale.code == .invalidSignature)
        #expect(stale.message == "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)")
        let future = try #require(failure(request, verifier: S.verifier(now: S.time.adding(seconds: -3600))))
        #expect(future.message == "Signature not yet current: 20150830T123600Z is still later than 20150830T115100Z (20150830T113600Z + 15 min.)")
    }

    @Test func scope() throws {
        let region = try #require(failure(S.signed(S.request(), region: "us-west-2")))
        #expect(region.code == .invalidSignature)
        #expect(region.message == "Credential should be scoped to a valid region, not 'us-west-2'.")
        let service = try #require(failure(S.signed(S.request(), service: "s3")))
        #expect(service.message == "Credential should be scoped to correct service: 'service'.")
        var date = S.signed(S.request())
        date.headers = date.headers.map { $0.name == "Authorization" ? ($0.name, $0.value.replacingAll("20150830/", "20150831/")) : $0 }
        let mismatch = try #require(failure(date))
        #expect(mismatch.message == "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.")
    }

    @Test func hostMustBeSigned() throws {
        let request = S.signed(S.request(), signedHeaders: ["x-amz-date"])
        let error = try #require(failure(request))
        #expect(error.code == .incompleteSignature)
        #expect(error.statusCode == 400)
        #expect(error.message == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }

    @Test func sessionTokensAreRefused() throws {
        let header = S.signed(S.request(headers: [("X-Amz-Security-Token", "FQoGZXIvYXdzE")]))
        let presigned = S.presigned(S.request(), extra: "X-Amz-Security-Token=FQoGZXIvYXdzE")
        for request in [header, presigned] {
            let error = try #require(failure(request))
            #expect(error.code == .unrecognizedClient)
            #expect(error.message == "The security token included in the request is invalid.")
        }
    }

    @Test func noAuthentication() throws {
        let error = try #require(failure(S.request(headers: [("X-Amz-Date", "20150830T123600Z")])))
        #expect(error.code == .missingAuthenticationToken)
        #expect(error.errorType == "MissingAuthenticationTokenException")
        #expect(error.status.code == 403)
        #expect(error.message == "Missing Authentication Token")
    }

    @Test(arguments: [
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date",
         "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date"),
        ("Bearer eyJhbGciOi",
         "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer eyJhbGciOi"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00",
         "'/20150830/us-east-1/service/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00'."),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=00",
         "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'"),
        ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, SignedHeaders=host, Signature=00",
         "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."),
        ("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host, Signature=00",
         "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'."),
    ])
    func malformedAuthorization(_ header: String, _ message: String) throws {
        let request = S.request(headers: [("X-Amz-Date", "20150830T123600Z"), ("Authorization", header)])
        let error = try #require(failure(request))
        #expect(error.code == .incompleteSignature)
        #expect(error.errorType == "IncompleteSignatureException")
        #expect(error.message == message)
    }

    @Test func datesThatCannotBeRead() throws {
        let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00"
        let none = try #require(failure(S.request(headers: [("Authorization", auth)])))
        #expect(none.message == "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(auth)")
        let bad = try #require(failure(S.request(headers: [("X-Amz-Date", "2015-08-30T12:36:00Z"), ("Authorization", auth)])))
        #expect(bad.code == .incompleteSignature)
        #expect(bad.message.hasPrefix("Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'."))
    }

    @Test func presignedQuery() throws {
        let request = S.presigned(S.request(path: "/v1/domain", query: "domain=my-domain"))
        let identity = try verifier.verify(request, secretKey: S.lookup)
        #expect(identity.form == .query(expires: 300))
        let expired = try #require(failure(request, verifier: S.verifier(now: S.time.adding(seconds: 301))))
        #expect(expired.code == .invalidSignature)
        #expect(expired.message == "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 300 sec.)")
        #expect(failure(request, verifier: S.verifier(now: S.time.adding(seconds: 300))) == nil)

        var tampered = request
        tampered.rawQuery = tampered.rawQuery.replacingAll("domain=my-domain", with: "domain=other")
        #expect(failure(tampered)?.code == .invalidSignature)

        let week = try #require(failure(S.presigned(S.request(), expires: 604_801)))
        #expect(week.code == .incompleteSignature)
        #expect(week.message == "X-Amz-Expires must be less than a week (in seconds) that is 604800")
        // A week-long URL is fine until the week is over.
        let long = S.presigned(S.request(), expires: 604_800)
        #expect(failure(long, verifier: S.verifier(now: S.time.adding(seconds: 604_800))) == nil)
        #expect(failure(long, verifier: S.verifier(now: S.time.adding(seconds: 604_801)))?.code == .invalidSignature)
    }

    @Test func presignedQueryMalformed() throws {
        let missing = try #require(failure(S.request(query: "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z")))
        #expect(missing.code == .incompleteSignature)
        #expect(missing.message == "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.")
        var both = S.presigned(S.request())
        both.headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=x"))
        #expect(failure(both)?.code == .incompleteSignature)
        let notNumber = try #require(failure(S.presigned(S.request(), expires: nil, extra: "X-Amz-Expires=soon")))
        #expect(notNumber.message == "X-Amz-Expires should be a number")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String { replacingAll(target, with: replacement) }
}
