/// The errors of the service, in CodeArtifact's kinds. Core code throws these; each edge (the
/// control plane, each package format, operations) turns them into its own clients' status and shape.
public struct ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case validation = "ValidationException"
        case accessDenied = "AccessDeniedException"
        case resourceNotFound = "ResourceNotFoundException"
        case conflict = "ConflictException"
        case serviceQuotaExceeded = "ServiceQuotaExceededException"
        case throttling = "ThrottlingException"
        case internalServer = "InternalServerException"
    }

    public let kind: Kind
    public let message: String
    public let resourceID: String?
    public let resourceType: String?

    public init(_ kind: Kind, _ message: String, resourceID: String? = nil, resourceType: String? = nil) {
        self.kind = kind
        self.message = message
        self.resourceID = resourceID
        self.resourceType = resourceType
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    public static func validation(_ message: String) -> ServiceError { ServiceError(.validation, message) }
    public static func notFound(_ message: String, id: String? = nil, type: String? = nil) -> ServiceError {
        ServiceError(.resourceNotFound, message, resourceID: id, resourceType: type)
    }
    public static func conflict(_ message: String, id: String? = nil, type: String? = nil) -> ServiceError {
        ServiceError(.conflict, message, resourceID: id, resourceType: type)
    }
}
