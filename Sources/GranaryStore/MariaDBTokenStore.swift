import GranaryCore
import MariaDB

/// Token revocations and per-user cut-offs in MariaDB.
public final class MariaDBTokenStore: TokenStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func tokenStatus(userId: String, tokenId: [UInt8]) throws -> (principal: Principal, revoked: Bool, cutoffMs: Int64)? {
        guard let row = try connection.query(
            """
            SELECT u.user_id, u.name, u.account_id, a.organization_id,
                   EXISTS (SELECT 1 FROM token_revocations r WHERE r.token_id = ?) AS revoked,
                   COALESCE((SELECT c.not_before_ms FROM token_cutoffs c WHERE c.user_id = u.user_id), 0) AS cutoff
            FROM users u JOIN accounts a ON a.account_id = u.account_id WHERE u.user_id = ?
            """, [tokenId, userId]
        ).first else { return nil }
        let principal = Principal(
            accountId: try row.string("account_id"), userName: try row.string("name"), userId: try row.string("user_id"),
            organizationId: row.optionalString("organization_id"))
        return (principal, try row.int("revoked") != 0, try row.int("cutoff"))
    }

    public func revoke(tokenId: [UInt8], userId: String, expiresMs: Int64) throws {
        try connection.update(
            "INSERT IGNORE INTO token_revocations (token_id, user_id, expires_ms) VALUES (?, ?, ?)", [tokenId, userId, expiresMs])
    }

    public func revokeAll(userId: String, notBeforeMs: Int64) throws {
        try connection.update(
            """
            INSERT INTO token_cutoffs (user_id, not_before_ms) VALUES (?, ?)
            ON DUPLICATE KEY UPDATE not_before_ms = GREATEST(not_before_ms, VALUES(not_before_ms))
            """, [userId, notBeforeMs])
    }
}
