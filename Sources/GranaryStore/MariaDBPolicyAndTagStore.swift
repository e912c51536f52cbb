import GranaryCore
import MariaDB

/// Resource policies and tags of domains and repositories, in MariaDB.
public final class MariaDBPolicyAndTagStore: PolicyStore, TagStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func policy(kind: ResourceKind, id: Int64) throws -> (document: String, revision: String)? {
        guard let row = try connection.query(
            "SELECT document, revision FROM resource_policies WHERE resource_kind = ? AND resource_id = ?", [kind.rawValue, id]
        ).first else { return nil }
        return (try row.string("document"), try row.string("revision"))
    }

    public func putPolicy(kind: ResourceKind, id: Int64, document: String, revision: String) throws {
        try connection.update(
            """
            INSERT INTO resource_policies (resource_kind, resource_id, document, revision) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE document = VALUES(document), revision = VALUES(revision), updated_at = CURRENT_TIMESTAMP(6)
            """,
            [kind.rawValue, id, document, revision])
    }

    public func deletePolicy(kind: ResourceKind, id: Int64) throws {
        try connection.update("DELETE FROM resource_policies WHERE resource_kind = ? AND resource_id = ?", [kind.rawValue, id])
    }

    public func tags(kind: ResourceKind, id: Int64) throws -> [Tag] {
        try connection.query(
            "SELECT tag_key, tag_value FROM resource_tags WHERE resource_kind = ? AND resource_id = ? ORDER BY tag_key",
            [kind.rawValue, id]
        ).map { Tag(key: try $0.string("tag_key"), value: try $0.string("tag_value")) }
    }

    public func putTags(kind: ResourceKind, id: Int64, _ tags: [Tag]) throws {
        for tag in tags {
            try connection.update(
                """
                INSERT INTO resource_tags (resource_kind, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE tag_value = VALUES(tag_value)
                """,
                [kind.rawValue, id, tag.key, tag.value])
        }
    }

    public func removeTags(kind: ResourceKind, id: Int64, keys: [String]) throws {
        for key in keys {
            try connection.update(
                "DELETE FROM resource_tags WHERE resource_kind = ? AND resource_id = ? AND tag_key = ?", [kind.rawValue, id, key])
        }
    }

    public func removeAllTags(kind: ResourceKind, id: Int64) throws {
        try connection.update("DELETE FROM resource_tags WHERE resource_kind = ? AND resource_id = ?", [kind.rawValue, id])
    }
}
