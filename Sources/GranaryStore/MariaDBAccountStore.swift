import GranaryCore
import MariaDB

/// Accounts, users and access keys in MariaDB.
public final class MariaDBAccountStore: AccountStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func insertAccount(_ account: Account) throws {
        try connection.update(
            "INSERT INTO accounts (account_id, name, organization_id) VALUES (?, ?, ?)",
            [account.accountId, account.name, account.organizationId])
    }

    private static let accountColumns = "account_id, name, organization_id, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created"

    public func accounts() throws -> [Account] {
        try connection.query("SELECT \(Self.accountColumns) FROM accounts ORDER BY created_at, account_id").map(Self.account)
    }

    public func account(id: String) throws -> Account? {
        try connection.query("SELECT \(Self.accountColumns) FROM accounts WHERE account_id = ?", [id]).first.map(Self.account)
    }

    static func account(_ row: Row) throws -> Account {
        Account(
            accountId: try row.string("account_id"), name: try row.string("name"),
            organizationId: row.optionalString("organization_id"), createdAt: try row.string("created"))
    }

    public func insertUser(_ user: User) throws {
        try connection.update(
            "INSERT INTO users (user_id, account_id, name) VALUES (?, ?, ?)", [user.userId, user.accountId, user.userName])
    }

    private static let userColumns = "user_id, account_id, name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created"

    public func users(accountId: String?) throws -> [User] {
        try connection.query(
            "SELECT \(Self.userColumns) FROM users WHERE (? IS NULL OR account_id = ?) ORDER BY account_id, name",
            [accountId, accountId]
        ).map(Self.user)
    }

    public func user(accountId: String, name: String) throws -> User? {
        try connection.query("SELECT \(Self.userColumns) FROM users WHERE account_id = ? AND name = ?", [accountId, name])
            .first.map(Self.user)
    }

    static func user(_ row: Row) throws -> User {
        User(
            accountId: try row.string("account_id"), userName: try row.string("name"), userId: try row.string("user_id"),
            createdAt: try row.string("created"))
    }

    public func insertAccessKey(_ key: AccessKey, sealedSecret: [UInt8]) throws {
        try connection.update(
            """
            INSERT INTO access_keys (access_key_id, user_id, secret_sealed, status)
            SELECT ?, user_id, ?, ? FROM users WHERE account_id = ? AND name = ?
            """,
            [key.accessKeyId, sealedSecret, key.status, key.accountId, key.userName])
    }

    public func accessKeys(accountId: String?, userName: String?) throws -> [AccessKey] {
        try connection.query(
            """
            SELECT k.access_key_id, u.account_id, u.name, k.status,
                   DATE_FORMAT(k.created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created
            FROM access_keys k JOIN users u ON u.user_id = k.user_id
            WHERE (? IS NULL OR u.account_id = ?) AND (? IS NULL OR u.name = ?)
            ORDER BY u.account_id, u.name, k.created_at
            """,
            [accountId, accountId, userName, userName]
        ).map { row in
            AccessKey(
                accessKeyId: try row.string("access_key_id"), accountId: try row.string("account_id"),
                userName: try row.string("name"), status: try row.string("status"), createdAt: try row.string("created"))
        }
    }

    public func credential(accessKeyId: String) throws -> StoredCredential? {
        guard let row = try connection.query(
            """
            SELECT k.secret_sealed, k.status, u.user_id, u.name, u.account_id, a.organization_id
            FROM access_keys k JOIN users u ON u.user_id = k.user_id JOIN accounts a ON a.account_id = u.account_id
            WHERE k.access_key_id = ?
            """, [accessKeyId]
        ).first else { return nil }
        return StoredCredential(
            principal: Principal(
                accountId: try row.string("account_id"), userName: try row.string("name"), userId: try row.string("user_id"),
                organizationId: row.optionalString("organization_id")),
            sealedSecret: try row.bytes("secret_sealed"), active: try row.string("status") == "Active")
    }
}
