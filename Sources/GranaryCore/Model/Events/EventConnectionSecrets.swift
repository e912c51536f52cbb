/// What a connection keeps sealed under the master key (AES-256-GCM, bound to the connection's
/// account, name and UUID, so a sealed value opens only for its own connection): the password
/// or API key value, and the InvocationHttpParameters in full (secret values included). No
/// EventBridge answer contains any of it; the dispatcher opens it to call the destination.
public struct EventConnectionSecrets: Sendable, Equatable, Codable {
    /// Basic's Password or the API key's value (ApiKeyValue).
    public var secret: String
    public var httpParameters: ConnectionHttpParameters?

    public init(secret: String, httpParameters: ConnectionHttpParameters?) {
        self.secret = secret
        self.httpParameters = httpParameters
    }

    static func sealContext(_ connection: EventConnection) -> String {
        "event-connection/\(connection.accountId)/\(connection.name)/\(connection.uuid)"
    }

    public func sealed(for connection: EventConnection, by sealer: SecretSealer) throws -> [UInt8] {
        try sealer.seal(Array(try StoredJSON.text(self).utf8), context: Self.sealContext(connection))
    }

    public static func opened(_ sealed: [UInt8], for connection: EventConnection, by sealer: SecretSealer) throws -> EventConnectionSecrets {
        let text = String(decoding: try sealer.open(sealed, context: sealContext(connection)), as: UTF8.self)
        return try StoredJSON.value(EventConnectionSecrets.self, text)
    }

    /// The same with the sealer of the request's services (the master key's).
    public func sealed(for connection: EventConnection, in context: ServiceContext) throws -> [UInt8] {
        try sealed(for: connection, by: context.accounts.sealer)
    }

    public static func opened(_ sealed: [UInt8], for connection: EventConnection, in context: ServiceContext) throws
        -> EventConnectionSecrets
    {
        try opened(sealed, for: connection, by: context.accounts.sealer)
    }
}
