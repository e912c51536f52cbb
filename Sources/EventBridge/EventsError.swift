import ControlPlane
import GranaryCore

/// EventBridge's names for what goes wrong. Core code throws ServiceError (named here as
/// EventBridge names each kind); what only EventBridge has a name for is thrown as it is.
enum EventsError {
    static func named(_ error: ServiceError) -> JSON11Error {
        switch error.kind {
        case .validation: JSON11Error("ValidationException", error.message)
        case .accessDenied: JSON11Error("AccessDeniedException", error.message)
        case .resourceNotFound: JSON11Error("ResourceNotFoundException", error.message)
        case .conflict: JSON11Error("ResourceAlreadyExistsException", error.message)
        case .serviceQuotaExceeded: JSON11Error("LimitExceededException", error.message)
        case .throttling: JSON11Error("ThrottlingException", error.message)
        case .internalServer: JSON11Error("InternalException", error.message, status: .internalServerError)
        }
    }

    static func invalidPattern(_ message: String) -> JSON11Error { JSON11Error("InvalidEventPatternException", message) }

    static func illegalStatus(_ message: String) -> JSON11Error { JSON11Error("IllegalStatusException", message) }

    /// A feature of EventBridge that Granary does not have, refused rather than ignored.
    static func unsupported(_ member: String, _ why: String) -> ServiceError {
        ServiceError.validation("\(member) is not supported by Granary's EventBridge API: \(why)")
    }
}
