import ControlPlane
import GranaryCore

/// A connection's authorization as CreateConnection and UpdateConnection state it: the type,
/// Basic's username and password or the API key's name and value, and InvocationHttpParameters
/// (in full, secret values included). OAuth and private connectivity are refused: Granary has
/// neither. Members an update leaves out are nil.
struct ConnectionAuthInput {
    var type: EventConnection.Authorization?
    /// Username or ApiKeyName.
    var name: String?
    /// Password or ApiKeyValue.
    var secret: String?
    var httpParameters: ConnectionHttpParameters?

    static let types = ["BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY"]

    /// `complete`: CreateConnection's rules (type, and both members of its parameters, required).
    static func read(_ input: JSON11Input, complete: Bool) throws -> ConnectionAuthInput {
        for member in ["InvocationConnectivityParameters", "KmsKeyIdentifier"] where input.has(member) {
            throw EventsError.unsupported(member, "connections reach public endpoints, and their secrets are sealed under Granary's master key.")
        }
        var result = ConnectionAuthInput()
        let typeText = try EventsValidation.oneOf(input.string("AuthorizationType"), "AuthorizationType", types)
        if complete { _ = try EventsValidation.required(typeText, "AuthorizationType") }
        if let typeText {
            guard let type = EventConnection.Authorization(rawValue: typeText) else {
                throw EventsError.unsupported("AuthorizationType \(typeText)", "use BASIC or API_KEY.")
            }
            result.type = type
        }
        let parameters = try input.structure("AuthParameters")
        if complete { _ = try EventsValidation.required(parameters, "AuthParameters") }
        guard let parameters else { return result }
        for member in ["OAuthParameters", "ConnectivityParameters"] where parameters.has(member) {
            throw EventsError.unsupported("AuthParameters.\(member)", "use BASIC or API_KEY authorization.")
        }
        let basic = try parameters.structure("BasicAuthParameters")
        let apiKey = try parameters.structure("ApiKeyAuthParameters")
        guard basic == nil || apiKey == nil else {
            throw ServiceError.validation("AuthParameters may hold BasicAuthParameters or ApiKeyAuthParameters, not both.")
        }
        if let basic {
            try result.take(basic, .basic, nameMember: "Username", secretMember: "Password", complete: complete)
        } else if let apiKey {
            try result.take(apiKey, .apiKey, nameMember: "ApiKeyName", secretMember: "ApiKeyValue", complete: complete)
        } else if complete {
            throw ServiceError.validation("AuthParameters must hold the parameters of AuthorizationType \(typeText ?? "").")
        }
        if let http = try parameters.structure("InvocationHttpParameters") { result.httpParameters = try httpParameters(http) }
        return result
    }

    private mutating func take(
        _ structure: JSON11Input, _ kind: EventConnection.Authorization, nameMember: String, secretMember: String, complete: Bool
    ) throws {
        if let type, type != kind {
            throw ServiceError.validation("AuthParameters must hold the parameters of AuthorizationType \(type.rawValue).")
        }
        if type == nil { type = kind }
        name = try structure.string(nameMember)
        secret = try structure.string(secretMember)
        if complete {
            _ = try EventsValidation.required(name, structure.path + nameMember)
            _ = try EventsValidation.required(secret, structure.path + secretMember)
        }
        if let name { try HttpParameterText.authValue(name, structure.path + nameMember) }
        if let secret { try HttpParameterText.authValue(secret, structure.path + secretMember) }
    }

    private static func httpParameters(_ input: JSON11Input) throws -> ConnectionHttpParameters {
        func list(_ member: String, key: (String, String) throws -> Void, value: (String, String) throws -> Void) throws
            -> [ConnectionHttpParameters.Parameter]
        {
            let items = try input.structures(member) ?? []
            guard items.count <= 100 else { throw EventsValidation.failure(nil, input.path + member, "Member must have length less than or equal to 100") }
            return try items.map { item in
                let keyText = try EventsValidation.required(item.string("Key"), item.path + "Key")
                let valueText = try EventsValidation.required(item.string("Value"), item.path + "Value")
                try key(keyText, item.path + "Key")
                try value(valueText, item.path + "Value")
                return .init(key: keyText, value: valueText, isValueSecret: try item.bool("IsValueSecret") ?? false)
            }
        }
        return ConnectionHttpParameters(
            headerParameters: try list("HeaderParameters", key: HttpParameterText.headerKey, value: HttpParameterText.headerValue),
            queryStringParameters: try list("QueryStringParameters", key: HttpParameterText.queryKey, value: HttpParameterText.queryValue),
            bodyParameters: try list("BodyParameters", key: { _, _ in }, value: { _, _ in }))
    }
}
