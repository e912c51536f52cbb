import GranaryCrypto

/// Verifies AWS Signature Version 4 the way AWS does for requests from botocore and the aws CLI:
/// both the Authorization-header and the presigned-query forms, the ±15 minute clock window (or
/// `X-Amz-Expires`, at most 7 days, for presigned URLs), the credential scope (date, configured
/// region, configured service), the payload hash (`x-amz-content-sha256` when it is a SHA-256, or
/// `UNSIGNED-PAYLOAD` where the request allows it; else the body's SHA-256), and the signature in
/// constant time.
/// Session tokens (`X-Amz-Security-Token`) are refused: Granary has no temporary credentials.
///
/// The verifier is a value with no I/O: the secret comes from the closure passed to `verify`, so
/// each worker thread can look it up on its own database connection.
///
/// ```swift
/// let verifier = SigV4Verifier(service: "codeartifact", region: config.region)
/// var input = SigV4Request(request)                        // from HTTP.Request
/// if input.needsBodySHA256 { input.bodySHA256 = Hex.encode(Digest.hash(.sha256, body)) }
/// let identity = try verifier.verify(input) { keyID in try store.secret(for: keyID) }
/// ```
public struct SigV4Verifier: Sendable {
    public let service: String
    public let region: String
    /// How far `X-Amz-Date` may be from now, either way, in seconds (AWS: 15 minutes).
    public let allowedClockSkew: Int64
    private let now: @Sendable () -> SigV4Timestamp

    public init(
        service: String, region: String, allowedClockSkew: Int64 = 900,
        now: @escaping @Sendable () -> SigV4Timestamp = { SigV4Timestamp.now() }
    ) {
        self.service = service
        self.region = region
        self.allowedClockSkew = allowedClockSkew
        self.now = now
    }

    /// Verifies `request`; returns who signed it. Throws `SigV4Error`, or whatever `secretKey`
    /// throws (a database failure is not an authentication failure). `secretKey` maps an access
    /// key id to its secret access key's UTF-8 bytes, or nil for an unknown key. It is called only
    /// after the request's form, dates and scope have passed, and at most once.
    public func verify(_ request: SigV4Request, secretKey: (String) throws -> [UInt8]?) throws -> SigV4Identity {
        let authorization = try SigV4Authorization.parse(request)
        if request.header("x-amz-security-token") != nil
            || SigV4Encoding.amzCandidates(rawQuery: request.rawQuery).contains(where: { $0.name == "X-Amz-Security-Token" })
        {
            throw SigV4Error.securityTokenInvalid
        }
        try checkTime(authorization)
        try checkScope(authorization)
        let (payloadHash, declaredSHA256) = try payloadHash(request)
        guard let secret = try secretKey(authorization.accessKeyID) else { throw SigV4Error.securityTokenInvalid }

        let excluded: Set<String> = authorization.form == .header ? [] : ["X-Amz-Signature"]
        let canonical = SigV4CanonicalRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers: request.headers,
            signedHeaders: authorization.signedHeaders, payloadHash: payloadHash, excludingQueryParameters: excluded)
        let stringToSign = canonical.stringToSign(
            timestamp: authorization.timestamp.iso8601Basic, scope: authorization.scope.description)
        let key = SigV4Signing.signingKey(
            secret: secret, date: authorization.scope.date, region: authorization.scope.region,
            service: authorization.scope.service)
        let expected = SigV4Signing.signature(signingKey: key, stringToSign: stringToSign)
        let provided = Hex.decode(authorization.signature) ?? []
        guard constantTimeEquals(expected, provided) else {
            throw SigV4Error.signatureMismatch(canonicalRequest: canonical.text, stringToSign: stringToSign)
        }
        if let declaredSHA256 {
            guard let body = request.bodySHA256 else { return identity(authorization, payloadHash, declaredSHA256) }
            guard body.lowercased() == declaredSHA256 else { throw SigV4Error.contentSHA256Mismatch }
        }
        return identity(authorization, payloadHash, nil)
    }

    private func identity(_ authorization: SigV4Authorization, _ payloadHash: String, _ unverified: String?) -> SigV4Identity {
        SigV4Identity(
            accessKeyID: authorization.accessKeyID, scope: authorization.scope, signingTime: authorization.timestamp,
            form: authorization.form, payloadHash: payloadHash, unverifiedPayloadSHA256: unverified)
    }

    /// Header form and presigned URLs without `X-Amz-Expires`: within `allowedClockSkew` of now.
    /// Presigned with `X-Amz-Expires`: not before date − skew, not after date + expires.
    private func checkTime(_ authorization: SigV4Authorization) throws(SigV4Error) {
        let now = now()
        let signed = authorization.timestamp
        let skew = allowedClockSkew
        let minutes = skew % 60 == 0 ? "\(skew / 60) min." : "\(skew) sec."
        if case .query(let expires?) = authorization.form {
            if now.adding(seconds: -expires) > signed {
                throw .invalid(
                    "Signature expired: \(signed) is now earlier than \(now.adding(seconds: -expires)) (\(now) - \(expires) sec.)")
            }
        } else if now.adding(seconds: -skew) > signed {
            throw .invalid("Signature expired: \(signed) is now earlier than \(now.adding(seconds: -skew)) (\(now) - \(minutes))")
        }
        if now.adding(seconds: skew) < signed {
            throw .invalid("Signature not yet current: \(signed) is still later than \(now.adding(seconds: skew)) (\(now) + \(minutes))")
        }
    }

    private func checkScope(_ authorization: SigV4Authorization) throws(SigV4Error) {
        let scope = authorization.scope
        let date = authorization.timestamp.scopeDate
        guard scope.date == date else {
            throw .invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(scope.date)' != '\(date)', from '\(authorization.timestamp)'.")
        }
        guard scope.region == region else {
            throw .invalid("Credential should be scoped to a valid region, not '\(scope.region)'.")
        }
        guard scope.service == service else {
            throw .invalid("Credential should be scoped to correct service: '\(service)'.")
        }
    }

    /// The payload hash to sign, and the body hash `x-amz-content-sha256` declares (lower-cased).
    ///
    /// Without the header the signature covers the body's SHA-256, which the caller supplies.
    /// With it, the header must be one SHA-256 in hex: then the signature covers that value and
    /// the body must hash to it (checked here when the caller read the body, else by whoever
    /// streams it). `UNSIGNED-PAYLOAD` — a signature that covers no body at all — is accepted only
    /// when the request says its route may take it (`allowsUnsignedPayload`); `STREAMING-…`
    /// (chunk-signed) modes and anything else are refused, so no value of the header leaves a
    /// signed request's body unchecked.
    private func payloadHash(_ request: SigV4Request) throws(SigV4Error) -> (String, String?) {
        let values = request.values("x-amz-content-sha256")
        guard let declared = values.first else {
            guard let body = request.bodySHA256 else { throw .bodyHashNotSupplied }
            return (body, nil)
        }
        let claimed = declared.lowercased()
        if values.count == 1 && Hex.isLowerHex(claimed, length: 64) { return (declared, claimed) }
        if values.count == 1 && declared == SigV4Signing.unsignedPayload && request.allowsUnsignedPayload { return (declared, nil) }
        throw declared == SigV4Signing.unsignedPayload ? .unsignedPayloadRefused : .contentSHA256Malformed
    }
}
