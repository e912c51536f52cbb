import GranaryCore
import MariaDB

/// Users' inline policies in MariaDB.
public final class MariaDBIdentityPolicyStore: IdentityPolicyStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func policies(userId: String) throws -> [(name: String, document: String)] {
        try connection.query("SELECT policy_name, document FROM user_policies WHERE user_id = ? ORDER BY policy_name", [userId])
            .map { (try $0.string("policy_name"), try $0.string("document")) }
    }

    public func putPolicy(userId: String, name: String, document: String) throws {
        try connection.update(
            """
            INSERT INTO user_policies (user_id, policy_name, document) VALUES (?, ?, ?)
            ON DUPLICATE KEY UPDATE document = VALUES(document), updated_at = CURRENT_TIMESTAMP(6)
            """, [userId, name, document])
    }

    public func deletePolicy(userId: String, name: String) throws -> Bool {
        try connection.update("DELETE FROM user_policies WHERE user_id = ? AND policy_name = ?", [userId, name]).affectedRows > 0
    }
}
