/// Creates and lists accounts, users and access keys: what `granary admin` drives, and later
/// Granary's JSON API. Validation lives here; storage behind `AccountStore`.
public struct AccountService {
    let store: AccountStore
    let sealer: SecretSealer
    let policies: IdentityPolicyStore
    let transactions: TransactionRunner

    public init(store: AccountStore, sealer: SecretSealer, policies: IdentityPolicyStore, transactions: TransactionRunner) {
        self.store = store
        self.sealer = sealer
        self.policies = policies
        self.transactions = transactions
    }

    /// What the bootstrap admin holds: every action on every resource — a policy like any other.
    public static let administratorAccess = """
        {"Version":"2012-10-17","Statement":[{"Sid":"AdministratorAccess","Effect":"Allow","Action":"*","Resource":"*"}]}
        """

    public func createAccount(name: String, organizationId: String? = nil) throws -> Account {
        guard Identifiers.isName(name) else {
            throw ServiceError.validation("Account name must be 1-64 characters of letters, digits and +=,.@_-")
        }
        if let organizationId, !Identifiers.isOrganizationId(organizationId) {
            throw ServiceError.validation("Organization id must look like o-xxxxxxxxxx (10-32 lower-case letters or digits).")
        }
        if try store.accounts().contains(where: { $0.name == name }) {
            throw ServiceError.conflict("An account named \(name) already exists.", id: name, type: "account")
        }
        let id = Identifiers.newAccountId()
        try store.insertAccount(Account(accountId: id, name: name, organizationId: organizationId, createdAt: ""))
        guard let account = try store.account(id: id) else { throw ServiceError(.internalServer, "account vanished") }
        return account
    }

    public func accounts() throws -> [Account] { try store.accounts() }

    public func createUser(accountId: String, name: String) throws -> User {
        guard Identifiers.isName(name) else {
            throw ServiceError.validation("User name must be 1-64 characters of letters, digits and +=,.@_-")
        }
        guard try store.account(id: accountId) != nil else {
            throw ServiceError.notFound("Account \(accountId) does not exist.", id: accountId, type: "account")
        }
        if try store.user(accountId: accountId, name: name) != nil {
            throw ServiceError.conflict("User \(name) already exists in account \(accountId).", id: name, type: "user")
        }
        try store.insertUser(User(accountId: accountId, userName: name, userId: Identifiers.newUserId(), createdAt: ""))
        guard let user = try store.user(accountId: accountId, name: name) else { throw ServiceError(.internalServer, "user vanished") }
        return user
    }

    public func users(accountId: String?) throws -> [User] { try store.users(accountId: accountId) }

    /// A new key for the user; the secret is returned here and never again.
    public func createAccessKey(accountId: String, userName: String) throws -> NewAccessKey {
        guard try store.user(accountId: accountId, name: userName) != nil else {
            throw ServiceError.notFound("User \(userName) does not exist in account \(accountId).", id: userName, type: "user")
        }
        let id = Identifiers.newAccessKeyId()
        let secret = Identifiers.newSecretAccessKey()
        let sealed = try sealer.seal(Array(secret.utf8), context: id)
        try store.insertAccessKey(
            AccessKey(accessKeyId: id, accountId: accountId, userName: userName, status: "Active", createdAt: ""),
            sealedSecret: sealed)
        guard let key = try store.accessKeys(accountId: accountId, userName: userName).first(where: { $0.accessKeyId == id }) else {
            throw ServiceError(.internalServer, "access key vanished")
        }
        return NewAccessKey(accessKey: key, secretAccessKey: secret)
    }

    public func accessKeys(accountId: String?, userName: String?) throws -> [AccessKey] {
        try store.accessKeys(accountId: accountId, userName: userName)
    }

    /// The principal and secret of an active access key; nil for an unknown or inactive key.
    public func signingSecret(accessKeyId: String) throws -> (Principal, [UInt8])? {
        // A malformed id names no key, and must not reach a case-insensitive lookup (nor the
        // secret's unsealing, whose context is the stored id): 403 for the caller, never 500.
        guard Identifiers.isAccessKeyId(accessKeyId) else { return nil }
        guard let credential = try store.credential(accessKeyId: accessKeyId), credential.active else { return nil }
        return (credential.principal, try sealer.open(credential.sealedSecret, context: accessKeyId))
    }

    /// The first-run account, its admin user (with AdministratorAccess) and a key; nil when an
    /// account exists already.
    public func bootstrap(accountName: String, userName: String) throws -> (Account, User, NewAccessKey)? {
        try transactions.atomically {
            guard try store.accounts().isEmpty else { return nil }
            let account = try createAccount(name: accountName)
            let user = try createUser(accountId: account.accountId, name: userName)
            try putUserPolicy(accountId: account.accountId, userName: userName, name: "AdministratorAccess", document: Self.administratorAccess)
            let key = try createAccessKey(accountId: account.accountId, userName: userName)
            return (account, user, key)
        }
    }

    // MARK: Identity policies

    public func putUserPolicy(accountId: String, userName: String, name: String, document: String) throws {
        guard Identifiers.isName(name) && name.count <= 128 else {
            throw ServiceError.validation("Policy name must be 1-128 characters of letters, digits and +=,.@_-")
        }
        _ = try Policy.parse(document, kind: .identity)
        try policies.putPolicy(userId: try existingUser(accountId, userName).userId, name: name, document: document)
    }

    public func userPolicies(accountId: String, userName: String) throws -> [(name: String, document: String)] {
        try policies.policies(userId: try existingUser(accountId, userName).userId)
    }

    public func deleteUserPolicy(accountId: String, userName: String, name: String) throws {
        guard try policies.deletePolicy(userId: try existingUser(accountId, userName).userId, name: name) else {
            throw ServiceError.notFound("User \(userName) has no policy named \(name).", id: name, type: "policy")
        }
    }

    /// The user the name finds, as stored (IAM user names are unique case-insensitively, so
    /// `ADMIN` finds `admin`); nil when there is none.
    public func user(_ accountId: String, _ userName: String) throws -> User? {
        try store.user(accountId: accountId, name: userName)
    }

    public func existingUser(_ accountId: String, _ userName: String) throws -> User {
        guard let user = try store.user(accountId: accountId, name: userName) else { throw Self.noSuchUser(accountId, userName) }
        return user
    }

    public static func noSuchUser(_ accountId: String, _ userName: String) -> ServiceError {
        ServiceError.notFound("User \(userName) does not exist in account \(accountId).", id: userName, type: "user")
    }
}
