/// External connections accounts define (sql/0010). The credentials stay sealed here; only the
/// core opens them, to send them to the connection's registry.
public protocol ExternalConnectionStore {
    /// Throws `DuplicateKey` when the account has a connection of that name.
    func insertDefinition(_ definition: ExternalConnectionDefinition, sealedCredentials: [UInt8]?) throws
    func definitions(accountId: String) throws -> [ExternalConnectionDefinition]
    func definition(accountId: String, name: String) throws -> StoredExternalConnection?
    /// The definition, read with a shared lock held to the end of the caller's transaction (an
    /// association made under it cannot race a deletion).
    func lockDefinition(accountId: String, name: String) throws -> ExternalConnectionDefinition?
    /// false when there was none.
    func deleteDefinition(accountId: String, name: String) throws -> Bool
    /// The repositories (`domain/repository`) of the account's domains associated with the connection:
    /// a locking read, so it sees associations committed after the caller's transaction began.
    func repositories(using name: String, accountId: String) throws -> [String]
}

/// A definition with its sealed credentials, as the fetch path needs it.
public struct StoredExternalConnection: Sendable {
    public let definition: ExternalConnectionDefinition
    public let sealedCredentials: [UInt8]?

    public init(definition: ExternalConnectionDefinition, sealedCredentials: [UInt8]?) {
        self.definition = definition
        self.sealedCredentials = sealedCredentials
    }
}
