/// A connection (sql/0014 `event_connections`): how requests to its API destinations authorize
/// themselves — Basic credentials or an API key header — and parameters added to each request.
/// What is secret (the password or key value, and parameters marked secret) is sealed in
/// `EventConnectionSecrets`; this value holds only what EventBridge's DescribeConnection shows.
public struct EventConnection: Sendable, Equatable {
    public enum Authorization: String, Sendable, CaseIterable {
        case basic = "BASIC", apiKey = "API_KEY"
    }

    public let id: Int64
    public let accountId: String
    public let name: String
    /// The last part of the ARN: a new one for every connection made under a name.
    public let uuid: String
    public var description: String?
    public var authorization: Authorization
    /// Basic's Username or the API key's header name (ApiKeyName): shown, not secret.
    public var authorizationName: String
    /// InvocationHttpParameters with the secret values left out.
    public var httpParameters: ConnectionHttpParameters?
    public let createdAt: Double
    public var modifiedAt: Double
    public var authorizedAt: Double

    public init(
        id: Int64 = 0, accountId: String, name: String, uuid: String, description: String?, authorization: Authorization,
        authorizationName: String, httpParameters: ConnectionHttpParameters?, createdAt: Double = 0, modifiedAt: Double = 0,
        authorizedAt: Double = 0
    ) {
        self.id = id
        self.accountId = accountId
        self.name = name
        self.uuid = uuid
        self.description = description
        self.authorization = authorization
        self.authorizationName = authorizationName
        self.httpParameters = httpParameters
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.authorizedAt = authorizedAt
    }

    public func arn(region: String) -> String { EventsARN.connection(region: region, account: accountId, name: name, uuid: uuid) }
}

/// A connection's InvocationHttpParameters: header, query-string and body parameters.
public struct ConnectionHttpParameters: Sendable, Equatable, Codable {
    public struct Parameter: Sendable, Equatable, Codable {
        public var key: String
        /// nil in the shown copy when `isValueSecret`.
        public var value: String?
        public var isValueSecret: Bool

        public init(key: String, value: String?, isValueSecret: Bool) {
            self.key = key
            self.value = value
            self.isValueSecret = isValueSecret
        }
    }

    public var headerParameters: [Parameter]
    public var queryStringParameters: [Parameter]
    public var bodyParameters: [Parameter]

    public init(headerParameters: [Parameter], queryStringParameters: [Parameter], bodyParameters: [Parameter]) {
        self.headerParameters = headerParameters
        self.queryStringParameters = queryStringParameters
        self.bodyParameters = bodyParameters
    }

    /// The copy DescribeConnection shows: secret values left out.
    public var shown: ConnectionHttpParameters {
        let hide = { (parameter: Parameter) in
            Parameter(key: parameter.key, value: parameter.isValueSecret ? nil : parameter.value, isValueSecret: parameter.isValueSecret)
        }
        return ConnectionHttpParameters(
            headerParameters: headerParameters.map(hide), queryStringParameters: queryStringParameters.map(hide),
            bodyParameters: bodyParameters.map(hide))
    }
}
