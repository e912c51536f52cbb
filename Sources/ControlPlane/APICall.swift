import FoundationEssentials
import GranaryCore
import HTTP

/// One authenticated control-plane call: the request, its body (already read and hashed for the
/// signature), the caller and the services acting for the caller.
public struct APICall {
    public let request: Request
    public let body: [UInt8]
    public let services: ServiceContext
    let settings: ControlPlaneSettings

    public var principal: Principal { services.principal }

    /// A required query parameter.
    public func query(_ name: String) throws -> String {
        guard let value = request.query[name], !value.isEmpty else {
            throw APIError.validation("The query parameter \(name) is required.")
        }
        return value
    }

    public func optionalQuery(_ name: String) -> String? {
        guard let value = request.query[name], !value.isEmpty else { return nil }
        return value
    }

    public func boolQuery(_ name: String) throws -> Bool? {
        guard let value = optionalQuery(name) else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIError.validation("The query parameter \(name) must be true or false.")
        }
    }

    /// `max-results` within 1...upper (default `upper`).
    public func maxResults(_ name: String = "max-results", upper: Int = 1000, fromBody: Int? = nil) throws -> Int {
        if let fromBody {
            guard (1...upper).contains(fromBody) else { throw APIError.validation("maxResults must be between 1 and \(upper).") }
            return fromBody
        }
        guard let text = optionalQuery(name) else { return upper }
        guard let value = Int(text), (1...upper).contains(value) else {
            throw APIError.validation("\(name) must be between 1 and \(upper).")
        }
        return value
    }

    /// The domain named by `domain` and `domain-owner`.
    public func domainReference() throws -> DomainReference {
        DomainReference(name: try query("domain"), owner: optionalQuery("domain-owner"))
    }

    /// The JSON body as `T`; an empty body decodes as `{}`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body.isEmpty ? Data("{}".utf8) : Data(body))
        } catch let error as DecodingError {
            throw APIError.validation("The request body is not valid: \(Self.describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "the member \(key.stringValue) is required."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: "malformed JSON."
        }
    }

    /// A page of results and the token for the next one (nil on the last page).
    public func page<T>(_ items: [T], limit: Int, scope: String, cursor: (T) -> String) -> ([T], String?) {
        guard items.count > limit, let last = items.prefix(limit).last else { return (items, nil) }
        return (Array(items.prefix(limit)), settings.pageTokens.make(cursor: cursor(last), scope: scope))
    }

    /// The cursor inside the request's `next-token` query parameter (or the body's nextToken).
    public func cursor(scope: String, token: String? = nil) throws -> String? {
        try settings.pageTokens.cursor(of: token ?? optionalQuery("next-token"), scope: scope)
    }

    public var region: String { settings.region }
    public var publicEndpoint: String { settings.publicEndpoint }
}

/// Server-wide settings of the control plane.
public struct ControlPlaneSettings: Sendable {
    public let region: String
    public let publicEndpoint: String
    public let pageTokens: PageToken

    public init(region: String, publicEndpoint: String, pageTokenKey: [UInt8]) {
        self.region = region
        self.publicEndpoint = publicEndpoint
        self.pageTokens = PageToken(key: pageTokenKey)
    }
}
