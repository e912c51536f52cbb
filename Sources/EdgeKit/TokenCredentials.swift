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
                guard let bytes = basicCredentials(parts[1]), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                return String(validating: bytes[(colon + 1)...], as: UTF8.self)
            default:
                return nil
            }
        }
        return String(header).trimmingSpaces
    }
}

/// The standard-alphabet, padded base64 of Basic credentials (RFC 7617), decoded byte by byte
/// through `Base64URL` (the same 64 values, two other characters): every pip request carries it.
private func basicCredentials(_ text: Substring) -> [UInt8]? {
    var input = Array(text.utf8)
    while input.last == UInt8(ascii: " ") { input.removeLast() }
    while input.first == UInt8(ascii: " ") { input.removeFirst() }
    guard input.count % 4 == 0 else { return nil }
    var padding = 0
    while padding < 2, input.last == UInt8(ascii: "=") {
        input.removeLast()
        padding += 1
    }
    for index in input.indices {
        switch input[index] {
        case UInt8(ascii: "+"): input[index] = UInt8(ascii: "-")
        case UInt8(ascii: "/"): input[index] = UInt8(ascii: "_")
        case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil  // base64url characters are not Basic's
        default: break
        }
    }
    return Base64URL.decode(bytes: input)
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
    /// The page this thread answered the very same request with (`AnswerKey`), while nothing
    /// the answer depended on changed and the token is still valid; nil when there is none.
    func rememberedAnswer(_ key: String) throws -> RenderedPage?
    /// Remembers `page` as the answer to `key` if authorizing this request read nothing but the
    /// token and context-free decisions (no time, address or transport condition).
    func rememberAnswer(_ key: String, _ page: RenderedPage)
}

/// Names a listing request whole, for `PackageProtocolContext.rememberedAnswer`: the form
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
