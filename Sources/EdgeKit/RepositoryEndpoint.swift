import GranaryCore
import HTTP

/// The repository a package-protocol request addresses, from its path
/// `/d/{domain}-{owner}/{format}/{repository}/…` (GetRepositoryEndpoint's shape), parsed here
/// once for every format. An endpoint whose domain segment cannot name a domain is a 404 in the
/// format's own error shape.
public struct RepositoryEndpoint: Sendable, Equatable {
    public let domain: DomainEndpoint
    /// `{domain}-{owner}` as the client sent it.
    public let domainSegment: String
    public let format: PackageFormat
    /// The repository's name as the path spells it (authorized only once resolved: ServiceContext).
    public let repository: String

    /// Segments of the endpoint itself (`d`, `{domain}-{owner}`, `{format}`, `{repository}`):
    /// what follows is the format's own path.
    public static let segmentCount = 4

    /// `request` matched a route `/d/:domain/{format}/:repository…`.
    public init(_ request: Request, format: PackageFormat) throws {
        domainSegment = request.parameters["domain"] ?? ""
        guard let domain = DomainEndpoint(segment: domainSegment) else {
            throw ProtocolFailure(status: .notFound, message: "No such domain endpoint.")
        }
        self.domain = domain
        self.format = format
        repository = request.parameters["repository"] ?? ""
    }

    /// The endpoint's URL as the client reached it (scheme and Host of the request), ending in "/":
    /// what URLs in rendered documents start with, so clients send their token with them.
    public func url(for request: Request) -> String {
        let scheme = request.isSecure ? "https" : "http"
        let host = request.headers["Host"] ?? "localhost"
        return "\(scheme)://\(host)/d/\(domainSegment)/\(format.rawValue)/\(repository)/"
    }
}
