import GranaryCore
import MariaDB

/// Domains in MariaDB. Repository counts and asset sizes are computed when read.
public final class MariaDBDomainStore: DomainStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func insertDomain(owner: String, name: String, encryptionKey: String) throws -> Int64 {
        Int64(try connection.insert(
            "INSERT INTO domains (owner_account_id, name, encryption_key) VALUES (?, ?, ?)", [owner, name, encryptionKey]
        ).lastInsertID)
    }

    static let select = """
        SELECT d.domain_id, d.owner_account_id, d.name, d.encryption_key, UNIX_TIMESTAMP(d.created_at) AS created,
               0 AS repository_count, 0 AS asset_size
        FROM domains d
        """

    /// With the counts DescribeDomain reports: repositories, and the bytes of the distinct blobs
    /// its versions reference (a blob shared by many versions counts once).
    static let describe = """
        SELECT d.domain_id, d.owner_account_id, d.name, d.encryption_key, UNIX_TIMESTAMP(d.created_at) AS created,
               (SELECT COUNT(*) FROM repositories r WHERE r.domain_id = d.domain_id) AS repository_count,
               (SELECT COALESCE(SUM(b.size), 0) FROM blobs b WHERE b.sha256 IN (
                    SELECT a.blob_sha256 FROM package_version_assets a
                    JOIN package_versions v ON v.version_id = a.version_id
                    JOIN packages p ON p.package_id = v.package_id
                    JOIN repositories r ON r.repository_id = p.repository_id
                    WHERE r.domain_id = d.domain_id)) AS asset_size
        FROM domains d
        """

    public func domain(owner: String, name: String) throws -> Domain? {
        try connection.query(Self.select + " WHERE d.owner_account_id = ? AND d.name = ?", [owner, name]).first.map(Self.domain)
    }

    public func describeDomain(owner: String, name: String) throws -> Domain? {
        try connection.query(Self.describe + " WHERE d.owner_account_id = ? AND d.name = ?", [owner, name]).first.map(Self.domain)
    }

    public func domains(owner: String, after: String?, limit: Int) throws -> [Domain] {
        try connection.query(
            Self.select + " WHERE d.owner_account_id = ? AND d.name > ? ORDER BY d.name LIMIT ?", [owner, after ?? "", limit]
        ).map(Self.domain)
    }

    public func deleteDomain(id: Int64) throws {
        try connection.update("DELETE FROM domains WHERE domain_id = ?", [id])
    }

    static func domain(_ row: Row) throws -> Domain {
        Domain(
            id: try row.int("domain_id"), owner: try row.string("owner_account_id"), name: try row.string("name"),
            encryptionKey: try row.string("encryption_key"), createdTime: Double(try row.string("created")) ?? 0,
            repositoryCount: Int(try row.int("repository_count")), assetSizeBytes: try row.int("asset_size"))
    }
}
