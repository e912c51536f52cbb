import GranaryCore
import HTTP

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
    /// The page or file this thread answered the very same request with (`AnswerKey`), while
    /// nothing the answer depended on changed and the token is still valid; nil when there is none.
    func rememberedAnswer(_ key: String) throws -> RememberedAnswer?
    /// Remembers `answer` for `key` if authorizing this request read nothing but the token and
    /// context-free decisions (no time, address or transport condition).
    func rememberAnswer(_ key: String, _ answer: RememberedAnswer)
}

/// Names a listing or download request whole, for `PackageProtocolContext.rememberedAnswer`: the form
/// (negotiated from Accept), anything else the rendered page depends on (npm: the registry URL
/// built from Host and scheme), the path, and the credentials exactly as sent.
public enum AnswerKey {
    /// nil without credentials: such a request is refused, and nothing is remembered.
    public static func of(_ request: Request, form: String, dependsOn extra: String = "") -> String? {
        guard let credentials = request.headers["Authorization"] else { return nil }
        return form + "\u{1}" + extra + "\u{1}" + request.rawPath + "\u{1}" + credentials
    }
}

extension PackageProtocolContext {
    /// The token's services, after checking that the token was issued for the domain the URL names.
    /// `tokenHeader`: a header that carries the bare token when Authorization is absent (NuGet's
    /// `X-NuGet-ApiKey` on push).
    public func services(for request: Request, domain: DomainEndpoint, tokenHeader: String? = nil) throws -> ServiceContext {
        let alternative = tokenHeader.flatMap { request.headers[$0] }?.trimmingSpaces
        guard let token = TokenCredentials.token(in: request) ?? alternative.flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw TokenRejection.missing
        }
        let (services, claims) = try authenticate(token: token, request: request)
        guard claims.domainName == domain.name, claims.domainOwner == domain.owner else { throw TokenRejection.wrongDomain }
        return services
    }
}
