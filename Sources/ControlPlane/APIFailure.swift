import GranaryCore
import HTTP

/// The control plane's edge: a handler's ServiceError becomes the rest-json envelope botocore
/// reads (APIError). Every API route runs through here (OperationRegistrar), so no other edge's
/// error turns into CodeArtifact JSON by accident: ServiceError renders nowhere by itself.
enum APIFailure {
    static func rendering(_ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch let error as ServiceError {
            throw APIError(error)
        }
    }
}
