import HTTP

/// The parts of an HTTP request that SigV4 signs, exactly as they arrived: the method, the path as
/// sent (still percent-encoded), the raw query string, every header field in order (repeats kept),
/// and, when the server has read the body, the body's SHA-256 in lower-case hex.
///
/// `bodySHA256` may stay nil while the request carries `x-amz-content-sha256` (botocore sends it
/// for PublishPackageVersion, whose body is streamed): check `needsBodySHA256` before deciding to
/// read the body first.
public struct SigV4Request: Sendable {
    public var method: String
    public var rawPath: String
    public var rawQuery: String
    public var headers: [(name: String, value: String)]
    public var bodySHA256: String?
    /// Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` (a signature over no body) is accepted.
    /// False unless the route streams a body that something else authenticates; no CodeArtifact
    /// route does (botocore signs every CodeArtifact payload, PublishPackageVersion's with the
    /// asset's SHA-256), so Granary's control plane never sets it.
    public var allowsUnsignedPayload: Bool

    public init(
        method: String, rawPath: String, rawQuery: String = "", headers: [(name: String, value: String)],
        bodySHA256: String? = nil, allowsUnsignedPayload: Bool = false
    ) {
        self.allowsUnsignedPayload = allowsUnsignedPayload
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.bodySHA256 = bodySHA256
    }

    /// From the worker's request. `Content-Type` and `Content-Length` are single-valued in HTTP;
    /// when the decoded request repeats one with an identical value (nginx passes both
    /// `CONTENT_TYPE` and `HTTP_CONTENT_TYPE`), the repeat is dropped so it is not signed twice.
    public init(_ request: HTTP.Request, bodySHA256: String? = nil) {
        var fields = [(name: String, value: String)]()
        for field in request.headers {
            let name = field.name.lowercased()
            if name == "content-type" || name == "content-length",
                fields.contains(where: { $0.name.lowercased() == name && $0.value == field.value })
            {
                continue
            }
            fields.append(field)
        }
        self.init(method: request.method, rawPath: request.rawPath, rawQuery: request.query.raw, headers: fields,
                  bodySHA256: bodySHA256)
    }

    /// Every value of a header, case-insensitively, in arrival order.
    public func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return headers.filter { $0.name.lowercased() == key }.map(\.value)
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.name.lowercased() == key }?.value
    }

    /// True when verification needs `bodySHA256`: no `x-amz-content-sha256` header names the
    /// payload hash, and the caller has not supplied it yet.
    public var needsBodySHA256: Bool {
        bodySHA256 == nil && header("x-amz-content-sha256") == nil
    }
}
