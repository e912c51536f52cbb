/// What the core needs from storage. GranaryStore implements these against MariaDB and disk;
/// one instance per worker thread (they hold the thread's connection).

/// Accounts, users and access keys.
public protocol AccountStore {
    func insertAccount(_ account: Account) throws
    func accounts() throws -> [Account]
    func account(id: String) throws -> Account?
    func insertUser(_ user: User) throws
    func users(accountId: String?) throws -> [User]
    func user(accountId: String, name: String) throws -> User?
    func insertAccessKey(_ key: AccessKey, sealedSecret: [UInt8]) throws
    func accessKeys(accountId: String?, userName: String?) throws -> [AccessKey]
    /// The principal and sealed secret behind an access key id, for signature checks.
    func credential(accessKeyId: String) throws -> StoredCredential?
}

/// Seals secrets that must stay recoverable (access-key secrets feed SigV4's HMAC) under the
/// server's master key.
public protocol SecretSealer: Sendable {
    func seal(_ secret: [UInt8], context: String) throws -> [UInt8]
    func open(_ sealed: [UInt8], context: String) throws -> [UInt8]
}

/// An access key as the authenticator needs it.
public struct StoredCredential: Sendable {
    public let principal: Principal
    public let sealedSecret: [UInt8]
    public let active: Bool

    public init(principal: Principal, sealedSecret: [UInt8], active: Bool) {
        self.principal = principal
        self.sealedSecret = sealedSecret
        self.active = active
    }
}
