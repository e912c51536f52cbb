import HTTP

/// An error of an AWS JSON 1.1 service as botocore's `json` protocol reads it: the code in the
/// body's `__type` (and `x-amzn-ErrorType`), `{"message"}` beside it. AWS answers client faults
/// 400 (AccessDeniedException and ResourceNotFoundException included), authentication failures
/// with SigV4's own statuses, its own failures 500.
public struct JSON11Error: ResponseError, Equatable {
    public static let contentType = "application/x-amz-json-1.1"

    public let code: String
    public let message: String
    public let status: Status

    public init(_ code: String, _ message: String, status: Status = .badRequest) {
        self.code = code
        self.message = message
        self.status = status
    }

    public func response(requestID: String) -> Response {
        let body = JSONText.object(["__type": code, "message": message])
        var response = Response.bytes(status, contentType: Self.contentType, Array(body.utf8))
        response.headers.add("x-amzn-ErrorType", code)
        response.headers.add("x-amzn-RequestId", requestID)
        return response
    }

    /// A member of the wrong JSON type, or a body that is not a JSON object.
    public static func serialization(_ message: String) -> JSON11Error { JSON11Error("SerializationException", message) }

    public static func unknownOperation(_ target: String) -> JSON11Error {
        JSON11Error("UnknownOperationException", "The operation \(target) is not supported by this endpoint.")
    }

    /// SigV4's refusal in this protocol's shape.
    init(_ error: SigV4Error) {
        self.init(error.errorType, error.message, status: error.status)
    }
}
