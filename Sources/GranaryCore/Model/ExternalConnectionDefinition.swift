import FoundationEssentials

/// An external connection an account defines itself (Granary's JSON API): a name of the account,
/// the format it serves, a registry's base URL and optional credentials. Repositories of the
/// account's domains associate it by name, as they do CodeArtifact's `public:` connections.
public struct ExternalConnectionDefinition: Sendable, Equatable {
    public let accountId: String
    public let name: String
    public let packageFormat: PackageFormat
    /// http or https, ending in "/".
    public let baseURL: String
    /// Only which kind is set: the secret itself never leaves the store sealed.
    public let credentialsType: ExternalCredentials.Kind?
    public let createdAt: String

    public init(
        accountId: String, name: String, packageFormat: PackageFormat, baseURL: String, credentialsType: ExternalCredentials.Kind?,
        createdAt: String
    ) {
        self.accountId = accountId
        self.name = name
        self.packageFormat = packageFormat
        self.baseURL = baseURL
        self.credentialsType = credentialsType
        self.createdAt = createdAt
    }

    public func arn(region: String) -> String { ARN.externalConnection(region: region, account: accountId, name: name) }

    /// The formats Granary can fetch from a registry (the ones with upstream support).
    public static let supportedFormats = FormatRegistry.all.filter(\.fetchesUpstream).map(\.format).sorted { $0.rawValue < $1.rawValue }

    /// The seal's associated data: a sealed secret opens only for its own definition.
    static func sealContext(accountId: String, name: String) -> String { "external-connection/\(accountId)/\(name)" }
}

/// What Granary presents to a defined connection's registry.
public enum ExternalCredentials: Sendable, Equatable {
    case basic(username: String, password: String)
    case bearer(token: String)

    public enum Kind: String, Sendable, CaseIterable {
        case basic, bearer
    }

    public var kind: Kind {
        switch self {
        case .basic: .basic
        case .bearer: .bearer
        }
    }

    /// The value of the Authorization header.
    public var authorization: String {
        switch self {
        case .basic(let username, let password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .bearer(let token): "Bearer " + token
        }
    }

    /// The bytes sealed in the store.
    var secret: [UInt8] {
        switch self {
        case .basic(let username, let password): Array("\(username):\(password)".utf8)
        case .bearer(let token): Array(token.utf8)
        }
    }

    init?(kind: Kind, secret: [UInt8]) {
        let text = String(decoding: secret, as: UTF8.self)
        switch kind {
        case .basic:
            guard let colon = text.firstIndex(of: ":") else { return nil }
            self = .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case .bearer:
            self = .bearer(token: text)
        }
    }
}

/// The scheme, host and port of an http(s) URL, lower-cased with the default port filled in:
/// credentials go only to the origin of the connection's base URL.
public enum URLOrigin {
    public static func of(_ url: String) -> String? {
        let lower = url.lowercased()
        let scheme: String
        let defaultPort: String
        if lower.hasPrefix("https://") {
            (scheme, defaultPort) = ("https", "443")
        } else if lower.hasPrefix("http://") {
            (scheme, defaultPort) = ("http", "80")
        } else {
            return nil
        }
        var authority = lower.dropFirst(scheme.count + 3).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { return nil }
        var host = Substring(authority)
        var port = defaultPort
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            host = authority[..<colon]
            port = String(authority[authority.index(after: colon)...])
            if port.isEmpty { port = defaultPort }
        }
        guard !host.isEmpty, port.allSatisfy(\.isNumber) else { return nil }
        return "\(scheme)://\(host):\(port)"
    }
}
