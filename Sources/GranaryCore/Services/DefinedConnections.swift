/// The fetch path's view of the external connections accounts defined: the base URL and the
/// opened credentials of a connection name of the domain owner's account. The store is the
/// thread's cached one (CachedExternalConnectionStore), so a request pays no query while the
/// access counter stays the same.
public struct DefinedConnections {
    let store: ExternalConnectionStore
    let sealer: SecretSealer

    public init(store: ExternalConnectionStore, sealer: SecretSealer) {
        self.store = store
        self.sealer = sealer
    }

    public struct Endpoint {
        public let baseURL: String
        public let credentials: ExternalCredentials?
    }

    public func endpoint(owner: String, name: String) throws -> Endpoint? {
        guard !name.hasPrefix("public:"), let stored = try store.definition(accountId: owner, name: name) else { return nil }
        var credentials: ExternalCredentials?
        if let kind = stored.definition.credentialsType, let sealed = stored.sealedCredentials {
            let secret = try sealer.open(sealed, context: ExternalConnectionDefinition.sealContext(accountId: owner, name: name))
            credentials = ExternalCredentials(kind: kind, secret: secret)
        }
        return Endpoint(baseURL: stored.definition.baseURL, credentials: credentials)
    }
}
