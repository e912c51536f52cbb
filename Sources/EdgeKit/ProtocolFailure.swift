import FormatKit
import GranaryCore
import HTTP

/// What went wrong in a package-protocol request, before it is rendered in the client's own
/// error shape: the status, the message the client prints, and whether to challenge for a token.
/// Every format maps errors through here, so the same failure gets the same status everywhere.
public struct ProtocolFailure: Error {
    public let status: Status
    public let message: String
    /// What the log gets beside the answer (with the request id), never the client: an
    /// upstream's failure in the transport's own words.
    public let logDetail: String?

    public init(status: Status, message: String, logDetail: String? = nil) {
        self.status = status
        self.message = message
        self.logDetail = logDetail
    }

    public static let badGateway = Status(502, "Bad Gateway")

    /// A registry behind an external connection that could not be asked, or that the guard
    /// refused: a plain 502; the reason goes to the log.
    public static func upstream(_ failure: UpstreamFailure, connection: String? = nil) -> ProtocolFailure {
        let whose = connection.map { "The registry of external connection \($0)" } ?? "The external connection's registry"
        return ProtocolFailure(status: badGateway, message: "\(whose) gave no usable answer.", logDetail: failure.message)
    }

    /// Token problems are 401 (the client should log in again); service errors map by kind.
    /// nil for anything else: the server's fault, which the caller rethrows as it is so the
    /// server logs it (with the request id) and answers a 500 that echoes nothing.
    public static func known(_ error: any Error) -> ProtocolFailure? {
        switch error {
        case let failure as ProtocolFailure:
            failure
        case let upstream as UpstreamFailure:
            ProtocolFailure.upstream(upstream)
        case let rejection as TokenRejection:
            ProtocolFailure(status: .unauthorized, message: rejection.description)
        case let service as ServiceError:
            ProtocolFailure(status: status(for: service.kind), message: service.message)
        case BodyError.tooLarge(let limit):
            ProtocolFailure(status: .payloadTooLarge, message: "The request body is larger than \(limit) bytes.")
        case BodyError.truncated:
            ProtocolFailure(status: .badRequest, message: "The request body ended early.")
        case let http as HTTPError:
            ProtocolFailure(status: http.status, message: http.message)
        case let fault as ClientFault:
            ProtocolFailure(status: .badRequest, message: fault.faultMessage)
        default:
            nil
        }
    }

    /// Runs a format's handler and renders what it knows in the format's error shape.
    public static func rendering(_ render: (ProtocolFailure) -> any ResponseError, _ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch {
            guard let failure = known(error) else { throw error }
            guard let detail = failure.logDetail else { throw render(failure) }
            throw LoggedResponseError(render(failure), logDetail: detail)
        }
    }

    public static func status(for kind: ServiceError.Kind) -> Status {
        switch kind {
        case .validation: .badRequest
        case .accessDenied: .forbidden
        case .resourceNotFound: .notFound
        case .conflict: .conflict
        case .serviceQuotaExceeded: Status(402, "Payment Required")
        case .throttling: .tooManyRequests
        case .internalServer: .internalServerError
        }
    }

    /// The status line with the message as its reason phrase (what twine and pip print), made
    /// safe for a header: printable ASCII, one line, bounded.
    public var statusWithReason: Status {
        let safe = String(message.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f ? Character($0) : " " }.prefix(300))
        return Status(status.code, safe.isEmpty ? status.reason : safe)
    }

    public var isUnauthorized: Bool { status.code == 401 }
}

/// An error of a format's parser that means the request was bad (a malformed name, body or
/// archive): a 400 with the message. Formats conform their parser errors to it.
public protocol ClientFault: Error {
    var faultMessage: String { get }
}

/// Every format's parser error (`FormatError<Kind>`: npm's, Maven's, an archive's) is the
/// client's. One conformance for all kinds: a conditional conformance per format would be two
/// conformances of one generic type, of which the runtime picks one, so the other format's
/// errors would become 500s.
extension FormatError: ClientFault {
    public var faultMessage: String { message }
}
