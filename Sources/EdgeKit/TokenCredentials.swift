import FoundationEssentials
import GranaryCore
import HTTP

/// How package managers present an authorization token: `Bearer T` (npm, swift, gem push),
/// `Basic base64(anyuser:T)` (pip, twine, Maven, Gradle), or the bare token (cargo).
public enum TokenCredentials {
    public static func token(in request: Request) -> String? {
        guard let header = request.headers["Authorization"]?.drop(while: { $0 == " " }), !header.isEmpty else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2 {
            switch parts[0].lowercased() {
            case "bearer":
                return String(parts[1]).trimmingSpaces
            case "basic":
                guard let data = Data(base64Encoded: String(parts[1]).trimmingSpaces),
                    let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
                else { return nil }
                return String(decoded[decoded.index(after: colon)...])
            default:
                return nil
            }
        }
        return String(header).trimmingSpaces
    }
}

/// What every package protocol needs from a worker thread: the services for the principal a
/// token acts as (policies are evaluated per request, as that principal).
public protocol PackageProtocolContext: SendableMetatype {
    func authenticate(token: String, request: Request) throws -> (ServiceContext, AuthorizationToken)
    /// Where rendered listings (PyPI pages, npm packuments) are kept for nginx to serve.
    var renderedPages: RenderedPages { get }
    /// The registries behind external connections, with this thread's cache of their answers.
    var external: ExternalAccess { get }
    /// This thread's memory of which page answered which listing request (see `ListingMemo`).
    var listingMemo: ListingMemo { get }
}

extension PackageProtocolContext {
    /// The token's services, after checking that the token was issued for the domain the URL names.
    public func services(for request: Request, domain: DomainEndpoint) throws -> ServiceContext {
        guard let token = TokenCredentials.token(in: request) else { throw TokenRejection.missing }
        let (services, claims) = try authenticate(token: token, request: request)
        guard claims.domainName == domain.name, claims.domainOwner == domain.owner else { throw TokenRejection.wrongDomain }
        return services
    }
}

/// The `{domain}-{owner}` segment of repository endpoints (`/d/{domain}-{owner}/{format}/{repo}/`).
public struct DomainEndpoint: Sendable, Equatable {
    public let name: String
    public let owner: String

    public init?(segment: String) {
        guard let dash = segment.lastIndex(of: "-") else { return nil }
        let owner = String(segment[segment.index(after: dash)...])
        let name = String(segment[..<dash])
        guard Identifiers.isAccountId(owner), Names.isDomainName(name) else { return nil }
        self.name = name
        self.owner = owner
    }

    public var reference: DomainReference { DomainReference(name: name, owner: owner) }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
