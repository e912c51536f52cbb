import EdgeKit
import GranaryCore
import HTTP

/// The rest-json error envelope botocore parses: the error code in `x-amzn-ErrorType`, and
/// `{"message", …}` in the body, with the model's status code, so botocore raises the named class.
public struct APIError: ResponseError, Equatable {
    public let code: String
    public let status: Status
    public let message: String
    public let resourceId: String?
    public let resourceType: String?

    public init(code: String, status: Status, message: String, resourceId: String? = nil, resourceType: String? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.resourceId = resourceId
        self.resourceType = resourceType
    }

    public init(_ error: ServiceError) {
        self.init(
            code: error.kind.rawValue, status: Self.status(of: error.kind), message: error.message, resourceId: error.resourceID,
            resourceType: error.resourceType)
    }

    public static func status(of kind: ServiceError.Kind) -> Status { ProtocolFailure.status(for: kind) }

    public func response(requestID: String) -> Response {
        var fields: [(String, String)] = [("message", message)]
        if let resourceId { fields.append(("resourceId", resourceId)) }
        if let resourceType { fields.append(("resourceType", resourceType)) }
        let body = "{" + fields.map { JSONText.string($0.0) + ":" + JSONText.string($0.1) }.joined(separator: ",") + "}"
        var response = Response.json(status, Array(body.utf8))
        response.headers.add("x-amzn-ErrorType", code)
        response.headers.add("x-amzn-RequestId", requestID)
        return response
    }

    public static func validation(_ message: String) -> APIError {
        APIError(ServiceError.validation(message))
    }
}
