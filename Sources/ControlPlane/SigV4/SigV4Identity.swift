/// Who signed a request that passed SigV4 verification, and what the signature covered.
public struct SigV4Identity: Sendable, Equatable {
    public let accessKeyID: String
    public let scope: SigV4CredentialScope
    /// The request's signing time (`X-Amz-Date`, or the `Date` header).
    public let signingTime: SigV4Timestamp
    public let form: SigV4Authorization.Form
    /// The payload hash the signature covers: `x-amz-content-sha256` when sent (possibly
    /// `UNSIGNED-PAYLOAD`), else the body hash the caller supplied.
    public let payloadHash: String
    /// Set when the signature covers a body hash taken from `x-amz-content-sha256` that nobody has
    /// compared with the body yet (the caller gave no `bodySHA256`): whoever reads the body must
    /// check that it hashes to this (lower-case hex) value, else reject the request.
    public let unverifiedPayloadSHA256: String?

    public init(
        accessKeyID: String, scope: SigV4CredentialScope, signingTime: SigV4Timestamp, form: SigV4Authorization.Form,
        payloadHash: String, unverifiedPayloadSHA256: String?
    ) {
        self.accessKeyID = accessKeyID
        self.scope = scope
        self.signingTime = signingTime
        self.form = form
        self.payloadHash = payloadHash
        self.unverifiedPayloadSHA256 = unverifiedPayloadSHA256
    }
}
