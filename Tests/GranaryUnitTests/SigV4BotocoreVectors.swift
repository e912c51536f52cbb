import ControlPlane
import HTTP
import Testing

/// Requests signed by botocore 1.43.11 itself (the CodeArtifact client's own serializer and
/// `SigV4Auth`/`SigV4QueryAuth`, service `codeartifact`, region `eu-west-3`, at 2024-05-17 09:30:00Z),
/// captured on `before-send` so nothing went on the wire. The verifier must accept each one exactly
/// as sent. Headers are botocore's, in its order; `Host` is the one urllib3 adds from the URL
/// (botocore signs the same value: host plus the non-default port). Regenerate with:
///
/// ```python
/// import datetime, hashlib
/// from unittest import mock
/// import botocore.session
/// from botocore.awsrequest import AWSResponse
/// sent = []
/// def capture(request, **kwargs):
///     sent.append(request); return AWSResponse(request.url, 200, {}, None)
/// client = botocore.session.get_session().create_client("codeartifact", region_name="eu-west-3",
///     endpoint_url="https://granary.example.test:8443", aws_access_key_id="AKIAGRANARYTEST00001",
///     aws_secret_access_key="granary/Secret+Key/For/Tests0000000000")
/// client.meta.events.register("before-send", capture)
/// with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.datetime(2024, 5, 17, 9, 30, 0)):
///     for call in [
///         lambda: client.create_domain(domain="my-domain", tags=[{"key": "team", "value": "a b"}]),
///         lambda: client.list_package_versions(domain="my-domain", domainOwner="123456789012", repository="repo-1",
///             format="npm", namespace="scope", package="left-pad", status="Published", sortBy="PUBLISHED_TIME",
///             maxResults=25),
///         lambda: client.describe_package(domain="my-domain", domainOwner="123456789012", repository="repo-1",
///             format="generic", namespace="@scope/x~y", package="a b+c&d=é"),
///         lambda: client.publish_package_version(domain="my-domain", repository="repo-1", format="generic",
///             namespace="tools", package="cli", packageVersion="1.0.0", assetName="cli 1.0.tar.gz",
///             assetContent=b"hello asset\n", assetSHA256=hashlib.sha256(b"hello asset\n").hexdigest(),
///             unfinished=True)]:
///         try: call()
///         except AttributeError: pass  # the fake response has no body to parse
///     presigned = client.generate_presigned_url("describe_domain", Params={"domain": "my-domain"}, ExpiresIn=300)
/// for r in sent:
///     body = r.body.read() if hasattr(r.body, "read") else (r.body or b"")
///     print(r.method, r.url, list(r.headers.items()), hashlib.sha256(body).hexdigest())
/// print(presigned)
/// ```
@Suite struct SigV4BotocoreVectors {
    static let keyID = "AKIAGRANARYTEST00001"
    static let secret = Array("granary/Secret+Key/For/Tests0000000000".utf8)
    static let signedAt = "20240517T093000Z"
    static let host = ("Host", "granary.example.test:8443")
    static let userAgent = (
        "User-Agent",
        "Botocore/1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,b,Z,D,N cfg/retry-mode#legacy"
    )
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let scope = "Credential=AKIAGRANARYTEST00001/20240517/eu-west-3/codeartifact/aws4_request"

    struct Vector: Sendable, CustomStringConvertible {
        let description: String
        let request: SigV4Request
    }

    static let vectors: [Vector] = [
        Vector(description: "CreateDomain: POST, JSON body, query string", request: SigV4Request(
            method: "POST", rawPath: "/v1/domain", rawQuery: "domain=my-domain",
            headers: [
                host, ("Content-Type", "application/json"), userAgent, ("X-Amz-Date", signedAt),
                ("Authorization", "AWS4-HMAC-SHA256 \(scope), SignedHeaders=content-type;host;x-amz-date, Signature=c0da23b3f807d867d971495ab3266c86b881046f21b98cf44b89f43cf5a8aa01"),
                ("amz-sdk-invocation-id", "c033fe86-1700-45de-836f-01ab78bbc309"), ("amz-sdk-request", "attempt=1"),
                ("Content-Length", "43"),
            ],
            // sha256 of {"tags": [{"key": "team", "value": "a b"}]}
            bodySHA256: "d652be8a2cf5e481c43119ba973f6d3ef4fe75cf360560df837e4cb53cba9fd1")),
        Vector(description: "ListPackageVersions: domain-owner and many query parameters", request: SigV4Request(
            method: "POST", rawPath: "/v1/package/versions",
            rawQuery: "domain=my-domain&domain-owner=123456789012&repository=repo-1&format=npm&namespace=scope&package=left-pad&status=Published&sortBy=PUBLISHED_TIME&max-results=25",
            headers: [
                host, userAgent, ("X-Amz-Date", signedAt),
                ("Authorization", "AWS4-HMAC-SHA256 \(scope), SignedHeaders=host;x-amz-date, Signature=1aee4228237cb35d267cde2bc8a8eea0789a7cc8c33f85dcb2c8bf2196d99b57"),
                ("amz-sdk-invocation-id", "333e95a1-5519-404c-91e1-311738c33e55"), ("amz-sdk-request", "attempt=1"),
                ("Content-Length", "0"),
            ],
            bodySHA256: emptySHA256)),
        Vector(description: "DescribePackage: namespace @scope/x~y, package 'a b+c&d=é'", request: SigV4Request(
            method: "GET", rawPath: "/v1/package",
            rawQuery: "domain=my-domain&domain-owner=123456789012&repository=repo-1&format=generic&namespace=%40scope%2Fx~y&package=a%20b%2Bc%26d%3D%C3%A9",
            headers: [
                host, userAgent, ("X-Amz-Date", signedAt),
                ("Authorization", "AWS4-HMAC-SHA256 \(scope), SignedHeaders=host;x-amz-date, Signature=ef590d6d59bd4d205bac418dde64719cc533463b048aecdecb4b70d64e6cfb77"),
                ("amz-sdk-invocation-id", "71ff9179-aade-42a1-b885-5bd877d071b4"), ("amz-sdk-request", "attempt=1"),
            ],
            bodySHA256: emptySHA256)),
        Vector(description: "PublishPackageVersion: streamed asset, x-amz-content-sha256 signed", request: SigV4Request(
            method: "POST", rawPath: "/v1/package/version/publish",
            rawQuery: "domain=my-domain&repository=repo-1&format=generic&namespace=tools&package=cli&version=1.0.0&asset=cli%201.0.tar.gz&unfinished=true",
            headers: [
                host, ("x-amz-content-sha256", "84ba19f79faacff0cfa1b992693129dfbb0e18da60c7df0f51bf9a562d1c28f6"),
                userAgent, ("X-Amz-Date", signedAt),
                ("Authorization", "AWS4-HMAC-SHA256 \(scope), SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=ae616072e78db8697a1e743c04d6a4ab230df5690ab66445d54ead59c05f6c14"),
                ("amz-sdk-invocation-id", "4d0b079b-c122-451d-86fa-00255c91e58d"), ("amz-sdk-request", "attempt=1"),
                ("Content-Length", "12"),
            ],
            // sha256 of "hello asset\n"
            bodySHA256: "84ba19f79faacff0cfa1b992693129dfbb0e18da60c7df0f51bf9a562d1c28f6")),
        Vector(description: "DescribeDomain presigned URL (generate_presigned_url, ExpiresIn=300)", request: SigV4Request(
            method: "GET", rawPath: "/v1/domain",
            rawQuery: "domain=my-domain&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAGRANARYTEST00001%2F20240517%2Feu-west-3%2Fcodeartifact%2Faws4_request&X-Amz-Date=20240517T093000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=ed4fdc5f9270355a7985d959130246c04b37c8e1db18271a7c6b492837457b2e",
            headers: [host], bodySHA256: emptySHA256)),
    ]

    static let verifier = SigV4Verifier(service: "codeartifact", region: "eu-west-3", now: {
        SigV4Timestamp(iso8601Basic: "20240517T093412Z") ?? SigV4Timestamp(secondsSince1970: 0)
    })

    static func lookup(_ keyID: String) -> [UInt8]? { keyID == Self.keyID ? secret : nil }

    @Test(arguments: vectors)
    func botocoreSignatureVerifies(_ vector: Vector) throws {
        let identity = try Self.verifier.verify(vector.request, secretKey: Self.lookup)
        #expect(identity.accessKeyID == Self.keyID)
        #expect(identity.scope.description == "20240517/eu-west-3/codeartifact/aws4_request")
        #expect(identity.signingTime.iso8601Basic == Self.signedAt)
        #expect(identity.unverifiedPayloadSHA256 == nil)
    }

    /// The worker streams PublishPackageVersion's body, so it verifies before hashing it and must
    /// then compare the body with the signed `x-amz-content-sha256`.
    @Test func publishWithoutBodyHashDefersTheCheck() throws {
        var request = Self.vectors[3].request
        request.bodySHA256 = nil
        #expect(!request.needsBodySHA256)
        let identity = try Self.verifier.verify(request, secretKey: Self.lookup)
        #expect(identity.unverifiedPayloadSHA256 == "84ba19f79faacff0cfa1b992693129dfbb0e18da60c7df0f51bf9a562d1c28f6")
    }

    /// nginx's stock `fastcgi_params` on this system sets `HTTP_HOST $host`, which drops the
    /// port botocore signed: the worker must receive the client's Host header as sent
    /// (`$http_host`), or every request to a non-default port fails like this.
    @Test func hostWithoutThePortFails() throws {
        var request = Self.vectors[1].request
        request.headers[0] = ("Host", "granary.example.test")
        let error = try #require(SigV4TestSigner.failure { try Self.verifier.verify(request, secretKey: Self.lookup) })
        #expect(error.code == .invalidSignature)
    }
}
