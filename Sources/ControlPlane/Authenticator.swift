import GranaryCore
import HTTP

/// Turns a SigV4-signed request into the principal behind its access key.
public struct Authenticator: Sendable {
    let verifier: SigV4Verifier

    public init(region: String, service: String = "codeartifact") {
        verifier = SigV4Verifier(service: service, region: region)
    }

    /// `secret` maps an access key id to its principal and secret (nil: unknown or inactive key).
    public func authenticate(
        _ request: Request, payloadHash: String, secret: (String) throws -> (Principal, [UInt8])?
    ) throws -> Principal {
        var principal: Principal?
        _ = try verifier.verify(SigV4Request(request, bodySHA256: payloadHash)) { accessKeyId in
            guard let (owner, key) = try secret(accessKeyId) else { return nil }
            principal = owner
            return key
        }
        guard let principal else { throw SigV4Error.securityTokenInvalid }
        return principal
    }
}

extension SigV4Error: ResponseError {
    /// AWS's error envelope, so botocore raises the same exception class it raises against AWS.
    public func response(requestID: String) -> Response {
        APIError(code: errorType, status: status, message: message).response(requestID: requestID)
    }
}
