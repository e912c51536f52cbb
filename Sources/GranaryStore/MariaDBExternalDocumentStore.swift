import GranaryCore
import MariaDB

/// External connections' cached answers in MariaDB.
public final class MariaDBExternalDocumentStore: ExternalDocumentStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    static func key(_ coordinate: PackageCoordinate) -> String {
        let key = coordinate.key
        return key.namespace + "/" + key.name
    }

    public func document(repositoryId: Int64, _ coordinate: PackageCoordinate, withBody: Bool) throws -> ExternalDocument? {
        guard let row = try connection.query(
            """
            SELECT url, status, etag, last_modified, \(withBody ? "body" : "NULL AS body"), stamp, UNIX_TIMESTAMP(checked_at) AS checked
            FROM external_documents WHERE repository_id = ? AND format = ? AND package_key = ?
            """, [repositoryId, coordinate.format.rawValue, Self.key(coordinate)]
        ).first else { return nil }
        return ExternalDocument(
            url: try row.string("url"), status: Int(try row.int("status")), etag: row.optionalString("etag"),
            lastModified: row.optionalString("last_modified"), body: (try? row.bytes("body")) ?? [], stamp: try row.int("stamp"),
            checkedAt: Double(try row.string("checked")) ?? 0)
    }

    public func saveDocument(repositoryId: Int64, _ coordinate: PackageCoordinate, _ document: ExternalDocument) throws {
        try connection.update(
            """
            INSERT INTO external_documents (repository_id, format, package_key, url, status, etag, last_modified, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE
                stamp = stamp + IF(status <=> VALUES(status) AND body <=> VALUES(body), 0, 1),
                url = VALUES(url), status = VALUES(status), etag = VALUES(etag), last_modified = VALUES(last_modified),
                body = VALUES(body), fetched_at = CURRENT_TIMESTAMP(6), checked_at = CURRENT_TIMESTAMP(6)
            """,
            [repositoryId, coordinate.format.rawValue, Self.key(coordinate), document.url, document.status, document.etag,
             document.lastModified, document.body])
    }

    public func touchDocument(repositoryId: Int64, _ coordinate: PackageCoordinate) throws {
        try connection.update(
            "UPDATE external_documents SET checked_at = CURRENT_TIMESTAMP(6) WHERE repository_id = ? AND format = ? AND package_key = ?",
            [repositoryId, coordinate.format.rawValue, Self.key(coordinate)])
    }
}
