/// Defined external connections through the thread's access cache: the fetch path resolves the
/// connection of a chain on every request, and definitions change the access counter (sql/0010).
public struct CachedExternalConnectionStore: ExternalConnectionStore {
    let store: ExternalConnectionStore
    let cache: AccessCache

    public init(_ store: ExternalConnectionStore, cache: AccessCache) {
        self.store = store
        self.cache = cache
    }

    public func insertDefinition(_ definition: ExternalConnectionDefinition, sealedCredentials: [UInt8]?) throws {
        cache.clear()
        try store.insertDefinition(definition, sealedCredentials: sealedCredentials)
    }

    public func definitions(accountId: String) throws -> [ExternalConnectionDefinition] { try store.definitions(accountId: accountId) }

    public func definition(accountId: String, name: String) throws -> StoredExternalConnection? {
        try cache.remembered(\.externalConnections, accountId + "/" + name) { try store.definition(accountId: accountId, name: name) }
    }

    public func lockDefinition(accountId: String, name: String) throws -> ExternalConnectionDefinition? {
        try store.lockDefinition(accountId: accountId, name: name)
    }

    public func deleteDefinition(accountId: String, name: String) throws -> Bool {
        cache.clear()
        return try store.deleteDefinition(accountId: accountId, name: name)
    }

    public func repositories(using name: String, accountId: String) throws -> [String] {
        try store.repositories(using: name, accountId: accountId)
    }
}
