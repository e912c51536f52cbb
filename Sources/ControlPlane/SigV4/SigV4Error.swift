import HTTP

/// Why SigV4 authentication refused a request, in the terms AWS uses, so the control plane can
/// answer `x-amzn-ErrorType: <code>` with `{"message": <message>}` and botocore raises the same
/// exception class it raises against AWS (`MissingAuthenticationTokenException`,
/// `IncompleteSignatureException`, `InvalidSignatureException`, `UnrecognizedClientException`, …).
///
/// `canonicalRequest` and `stringToSign` are filled on a signature mismatch. They hold nothing
/// secret; AWS itself appends them to the message for many JSON services (see `detailedMessage`).
/// Log them at least: they are what one compares with botocore's debug log.
public struct SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The AWS error code (the value of `x-amzn-ErrorType`) and its HTTP status.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// No Authorization header and no presigned query parameters. 403.
        case missingAuthenticationToken = "MissingAuthenticationTokenException"
        /// A malformed or incomplete Authorization header or presigned query. 400.
        case incompleteSignature = "IncompleteSignatureException"
        /// Wrong signature, stale or future date, wrong scope, expired presigned URL. 403.
        case invalidSignature = "InvalidSignatureException"
        /// Unknown access key, or a session token (unsupported). 403.
        case unrecognizedClient = "UnrecognizedClientException"
        /// The body does not hash to the signed `x-amz-content-sha256` value. 400.
        case contentSHA256Mismatch = "XAmzContentSHA256Mismatch"
        /// The caller did not supply the body's hash when the request needed it (a server bug). 500.
        case internalFailure = "InternalFailure"

        public var statusCode: Int {
            switch self {
            case .missingAuthenticationToken, .invalidSignature, .unrecognizedClient: 403
            case .incompleteSignature, .contentSHA256Mismatch: 400
            case .internalFailure: 500
            }
        }
    }

    public let code: Code
    public let message: String
    public let canonicalRequest: String?
    public let stringToSign: String?

    public init(_ code: Code, _ message: String, canonicalRequest: String? = nil, stringToSign: String? = nil) {
        self.code = code
        self.message = message
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
    }

    /// `x-amzn-ErrorType`.
    public var errorType: String { code.rawValue }
    public var statusCode: Int { code.statusCode }
    public var status: Status {
        switch statusCode {
        case 400: .badRequest
        case 403: .forbidden
        default: .internalServerError
        }
    }

    /// The message with AWS's explanation of a mismatch appended, when there is one.
    public var detailedMessage: String {
        guard let canonicalRequest, let stringToSign else { return message }
        return message + "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest
            + "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n"
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension SigV4Error {
    static let missingAuthenticationToken = SigV4Error(.missingAuthenticationToken, "Missing Authentication Token")

    static let securityTokenInvalid = SigV4Error(.unrecognizedClient, "The security token included in the request is invalid.")

    static func signatureMismatch(canonicalRequest: String, stringToSign: String) -> SigV4Error {
        SigV4Error(
            .invalidSignature,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                + "Access Key and signing method. Consult the service documentation for details.",
            canonicalRequest: canonicalRequest, stringToSign: stringToSign)
    }

    static func incomplete(_ message: String) -> SigV4Error { SigV4Error(.incompleteSignature, message) }

    static func invalid(_ message: String) -> SigV4Error { SigV4Error(.invalidSignature, message) }

    static let contentSHA256Mismatch = SigV4Error(
        .contentSHA256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")

    /// botocore never sends `UNSIGNED-PAYLOAD` to CodeArtifact (no operation has the
    /// `unsignedPayload` trait): a request that does would leave its body outside the signature.
    static let unsignedPayloadRefused = SigV4Error(
        .invalidSignature,
        "UNSIGNED-PAYLOAD is not accepted for this operation: x-amz-content-sha256 must be the SHA-256 (hex) of the payload, "
            + "or absent.")

    /// A `STREAMING-…` (chunk-signed) mode, a repeated header or anything else that is not one
    /// SHA-256: the signature would not cover the body Granary reads.
    static let contentSHA256Malformed = SigV4Error(
        .invalidSignature, "x-amz-content-sha256 must be the SHA-256 (hex) of the payload, or absent.")

    static let bodyHashNotSupplied = SigV4Error(
        .internalFailure, "The request processing has failed because of an unknown error, exception or failure.")
}
