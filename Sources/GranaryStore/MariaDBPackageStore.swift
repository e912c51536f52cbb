import FoundationEssentials
import GranaryCore
import GranaryCrypto
import MariaDB

/// Packages, versions, assets and dependencies in MariaDB.
public final class MariaDBPackageStore: PackageStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    // MARK: Packages

    static let packageColumns =
        "package_id, repository_id, format, display_namespace, display_name, origin_publish, origin_upstream, listing_stamp"

    public func package(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package? {
        try package(repositoryId: repositoryId, coordinate, suffix: "")
    }

    public func lockedPackage(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package? {
        try package(repositoryId: repositoryId, coordinate, suffix: " FOR UPDATE")
    }

    private func package(repositoryId: Int64, _ coordinate: PackageCoordinate, suffix: String) throws -> Package? {
        let key = coordinate.key
        return try connection.query(
            "SELECT \(Self.packageColumns) FROM packages WHERE repository_id = ? AND format = ? AND namespace = ? AND name = ?" + suffix,
            [repositoryId, coordinate.format.rawValue, key.namespace, key.name]
        ).first.map(Self.package)
    }

    public func packages(repositoryIds: [Int64], _ coordinate: PackageCoordinate) throws -> [Package] {
        guard !repositoryIds.isEmpty else { return [] }
        let key = coordinate.key
        let marks = Array(repeating: "?", count: repositoryIds.count).joined(separator: ", ")
        return try connection.query(
            """
            SELECT \(Self.packageColumns) FROM packages
            WHERE repository_id IN (\(marks)) AND format = ? AND namespace = ? AND name = ?
            """,
            repositoryIds.map { $0 as any ValueConvertible } + [coordinate.format.rawValue, key.namespace, key.name]
        ).map(Self.package)
    }

    public func insertPackage(repositoryId: Int64, _ coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule) throws -> Int64 {
        let key = coordinate.key
        return Int64(try connection.insert(
            """
            INSERT INTO packages (repository_id, format, namespace, name, display_namespace, display_name, origin_publish, origin_upstream)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [repositoryId, coordinate.format.rawValue, key.namespace, key.name, coordinate.namespace, coordinate.name, publish.rawValue,
             upstream.rawValue]
        ).lastInsertID)
    }

    public func setOrigin(packageId: Int64, publish: OriginRule, upstream: OriginRule) throws {
        try connection.update(
            "UPDATE packages SET origin_publish = ?, origin_upstream = ? WHERE package_id = ?", [publish.rawValue, upstream.rawValue, packageId])
    }

    /// Cursor: "format\u{1}namespace\u{1}name" of the last package. The cursor is spelled out
    /// column by column: MariaDB makes no index range of a row comparison `(a, b, c) > (?, ?, ?)`,
    /// so that form read every package of the repository before the cursor (10,000 rows for the
    /// last page of a 10,000-package repository, bench/scale.sh); this one starts at the cursor.
    public func packages(repositoryId: Int64, filter: PackageFilter, after: String?, limit: Int) throws -> [Package] {
        let cursor = (after ?? "").split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        let (format, namespace, name) = cursor.count == 3 ? (cursor[0], cursor[1], cursor[2]) : ("", "", "")
        return try connection.query(
            """
            SELECT \(Self.packageColumns) FROM packages
            WHERE repository_id = ? AND (? IS NULL OR format = ?) AND (? IS NULL OR namespace = ?)
              AND name LIKE CONCAT(?, '%') AND (? IS NULL OR origin_publish = ?) AND (? IS NULL OR origin_upstream = ?)
              AND (format > ? OR (format = ? AND (namespace > ? OR (namespace = ? AND name > ?))))
            ORDER BY format, namespace, name LIMIT ?
            """,
            [repositoryId, filter.format?.rawValue, filter.format?.rawValue, filter.namespace, filter.namespace,
             MariaDBRepositoryStore.likePrefix(filter.prefix), filter.publish?.rawValue, filter.publish?.rawValue,
             filter.upstream?.rawValue, filter.upstream?.rawValue, format, format, namespace, namespace, name, limit]
        ).map(Self.package)
    }

    public func deletePackage(id: Int64) throws {
        try connection.update("DELETE FROM package_dist_tags WHERE package_id = ?", [id])
        try connection.update("DELETE FROM packages WHERE package_id = ?", [id])
    }

    static func package(_ row: Row) throws -> Package {
        guard let format = PackageFormat(rawValue: try row.string("format")),
            let publish = OriginRule(rawValue: try row.string("origin_publish")),
            let upstream = OriginRule(rawValue: try row.string("origin_upstream"))
        else { throw MariaDBError(code: 0, sqlState: "HY000", message: "unknown enum value in packages") }
        return Package(
            id: try row.int("package_id"), repositoryId: try row.int("repository_id"),
            coordinate: PackageCoordinate(format: format, namespace: row.optionalString("display_namespace"), name: try row.string("display_name")),
            publish: publish, upstream: upstream, listingStamp: try row.int("listing_stamp"))
    }

    // MARK: Versions

    static let versionColumns = """
        version_id, package_id, version, status, revision, origin_type, origin_repository, origin_external_connection,
        UNIX_TIMESTAMP(published_at) AS published, display_name, summary, home_page, source_code_repository, licenses, readme
        """

    public func version(packageId: Int64, _ version: String) throws -> PackageVersion? {
        guard let row = try connection.query(
            "SELECT \(Self.versionColumns) FROM package_versions WHERE package_id = ? AND version = ?", [packageId, version]
        ).first else { return nil }
        return try self.version(row)
    }

    /// Cursor: the id of the last version seen, in either order (insertion, or newest published first).
    /// By published time the cursor is spelled out column by column (not as a row comparison) so
    /// that the page is an index range of package_versions_published starting at the cursor.
    public func versions(packageId: Int64, filter: VersionFilter, after: String?, limit: Int) throws -> [PackageVersion] {
        let common = "package_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR origin_type = ?)"
        let base: [any ValueConvertible] = [
            packageId, filter.status?.rawValue, filter.status?.rawValue, filter.originType?.rawValue, filter.originType?.rawValue,
        ]
        let cursor = Int64(after ?? "")
        let rows: [Row]
        if filter.byPublishedTime {
            rows = try connection.query(
                """
                SELECT \(Self.versionColumns) FROM package_versions
                WHERE \(common) AND (? IS NULL OR published_at < (SELECT published_at FROM package_versions WHERE version_id = ?)
                    OR (published_at = (SELECT published_at FROM package_versions WHERE version_id = ?) AND version_id < ?))
                ORDER BY published_at DESC, version_id DESC LIMIT ?
                """, base + [cursor, cursor, cursor, cursor, limit])
        } else {
            rows = try connection.query(
                "SELECT \(Self.versionColumns) FROM package_versions WHERE \(common) AND version_id > ? ORDER BY version_id LIMIT ?",
                base + [cursor ?? 0, limit])
        }
        return try rows.map(version)
    }

    public func insertVersion(packageId: Int64, _ draft: VersionDraft) throws -> Int64 {
        let metadata = draft.metadata
        let licenses = metadata.licenses.isEmpty ? nil : String(decoding: try JSONEncoder().encode(metadata.licenses), as: UTF8.self)
        let id = Int64(try connection.insert(
            """
            INSERT INTO package_versions (package_id, version, status, revision, origin_type, origin_repository, origin_external_connection,
                display_name, summary, home_page, source_code_repository, licenses, readme)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [packageId, draft.version, draft.status.rawValue, draft.revision, draft.originType.rawValue, draft.originRepository,
             draft.originExternalConnection, metadata.displayName, metadata.summary, metadata.homePage, metadata.sourceCodeRepository,
             licenses, metadata.readme]
        ).lastInsertID)
        try insertDependencies(versionId: id, metadata.dependencies)
        return id
    }

    public func setMetadata(versionId: Int64, _ metadata: VersionMetadata) throws {
        let licenses = metadata.licenses.isEmpty ? nil : String(decoding: try JSONEncoder().encode(metadata.licenses), as: UTF8.self)
        try connection.update(
            """
            UPDATE package_versions SET display_name = ?, summary = ?, home_page = ?, source_code_repository = ?, licenses = ?, readme = ?
            WHERE version_id = ?
            """,
            [metadata.displayName, metadata.summary, metadata.homePage, metadata.sourceCodeRepository, licenses, metadata.readme, versionId])
        try connection.update("DELETE FROM package_version_dependencies WHERE version_id = ?", [versionId])
        try insertDependencies(versionId: versionId, metadata.dependencies)
    }

    private func insertDependencies(versionId: Int64, _ dependencies: [Dependency]) throws {
        for (position, dependency) in dependencies.enumerated() {
            try connection.update(
                """
                INSERT INTO package_version_dependencies (version_id, position, dependency_type, namespace, package, version_requirement)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [versionId, position, dependency.dependencyType, dependency.namespace, dependency.package, dependency.versionRequirement])
        }
    }

    public func setStatus(versionId: Int64, _ status: PackageVersionStatus, revision: String) throws {
        try connection.update("UPDATE package_versions SET status = ?, revision = ? WHERE version_id = ?", [status.rawValue, revision, versionId])
    }

    public func deleteVersion(id: Int64) throws {
        try connection.update("DELETE FROM package_version_assets WHERE version_id = ?", [id])
        try connection.update("DELETE FROM package_version_dependencies WHERE version_id = ?", [id])
        try connection.update(
            """
            DELETE t FROM package_dist_tags t JOIN package_versions v ON v.package_id = t.package_id AND v.version = t.version
            WHERE v.version_id = ?
            """, [id])
        try connection.update("DELETE FROM package_versions WHERE version_id = ?", [id])
    }

    private func version(_ row: Row) throws -> PackageVersion {
        guard let status = PackageVersionStatus(rawValue: try row.string("status")),
            let origin = OriginType(rawValue: try row.string("origin_type"))
        else { throw MariaDBError(code: 0, sqlState: "HY000", message: "unknown enum value in package_versions") }
        let id = try row.int("version_id")
        let licenses = try row.optionalString("licenses").map { try JSONDecoder().decode([License].self, from: Data($0.utf8)) } ?? []
        return PackageVersion(
            id: id, packageId: try row.int("package_id"), version: try row.string("version"), status: status,
            revision: try row.string("revision"), originType: origin, originRepository: row.optionalString("origin_repository"),
            originExternalConnection: row.optionalString("origin_external_connection"),
            publishedTime: Double(try row.string("published")) ?? 0,
            metadata: VersionMetadata(
                displayName: row.optionalString("display_name"), summary: row.optionalString("summary"), homePage: row.optionalString("home_page"),
                sourceCodeRepository: row.optionalString("source_code_repository"), licenses: licenses, readme: row.optionalString("readme")))
    }

    public func dependencies(versionId: Int64) throws -> [Dependency] {
        try connection.query(
            """
            SELECT dependency_type, namespace, package, version_requirement FROM package_version_dependencies
            WHERE version_id = ? ORDER BY position
            """, [versionId]
        ).map {
            Dependency(
                namespace: $0.optionalString("namespace"), package: try $0.string("package"), dependencyType: $0.optionalString("dependency_type"),
                versionRequirement: $0.optionalString("version_requirement"))
        }
    }

    // MARK: Assets

    static let assetSelect = """
        SELECT a.name, b.sha256, b.sha512, b.sha1, b.md5, b.size FROM package_version_assets a JOIN blobs b ON b.sha256 = a.blob_sha256
        """

    public func assets(versionId: Int64, after: String?, limit: Int) throws -> [Asset] {
        try connection.query(Self.assetSelect + " WHERE a.version_id = ? AND a.name > ? ORDER BY a.name LIMIT ?", [versionId, after ?? "", limit])
            .map(Self.asset)
    }

    public func asset(versionId: Int64, name: String) throws -> Asset? {
        try connection.query(Self.assetSelect + " WHERE a.version_id = ? AND a.name = ?", [versionId, name]).first.map(Self.asset)
    }

    public func assetCount(versionId: Int64) throws -> Int {
        Int(try connection.query("SELECT COUNT(*) AS n FROM package_version_assets WHERE version_id = ?", [versionId]).first?.int("n") ?? 0)
    }

    public func insertAsset(versionId: Int64, name: String, sha256: String, formatData: String?) throws {
        guard let key = Hex.decode(sha256) else { throw ServiceError.validation("malformed digest") }
        try connection.update(
            "INSERT INTO package_version_assets (version_id, name, blob_sha256, format_data) VALUES (?, ?, ?, ?)",
            [versionId, name, key, formatData])
    }

    public func deleteAssets(versionId: Int64) throws {
        try connection.update("DELETE FROM package_version_assets WHERE version_id = ?", [versionId])
    }

    public func deleteAsset(versionId: Int64, name: String) throws -> Bool {
        try connection.update("DELETE FROM package_version_assets WHERE version_id = ? AND name = ?", [versionId, name]).affectedRows > 0
    }

    static func asset(_ row: Row) throws -> Asset {
        Asset(
            name: try row.string("name"),
            blob: BlobRecord(
                sha256: Hex.encode(try row.bytes("sha256")), sha512: Hex.encode(try row.bytes("sha512")), sha1: Hex.encode(try row.bytes("sha1")),
                md5: Hex.encode(try row.bytes("md5")), size: Int(try row.int("size"))))
    }
}
