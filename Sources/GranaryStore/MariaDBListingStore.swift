import GranaryCore
import GranaryCrypto
import MariaDB

/// Listings, format data and dist-tags (the `ListingStore` half of the package store).
extension MariaDBPackageStore {
    public func listing(packageId: Int64) throws -> [ListedVersion] {
        let rows = try connection.query(
            """
            SELECT v.version_id, v.version, v.status, UNIX_TIMESTAMP(v.published_at) AS published, v.format_data AS version_data,
                   a.name, UNIX_TIMESTAMP(a.created_at) AS created, a.format_data AS asset_data,
                   b.sha256, b.sha512, b.sha1, b.md5, b.size
            FROM package_versions v
            LEFT JOIN package_version_assets a ON a.version_id = v.version_id
            LEFT JOIN blobs b ON b.sha256 = a.blob_sha256
            WHERE v.package_id = ? ORDER BY v.version_id, a.name
            """, [packageId])
        var versions: [ListedVersion] = []
        for row in rows {
            let id = try row.int("version_id")
            if versions.last?.id != id {
                guard let status = PackageVersionStatus(rawValue: try row.string("status")) else {
                    throw MariaDBError(code: 0, sqlState: "HY000", message: "unknown status in package_versions")
                }
                versions.append(ListedVersion(
                    id: id, version: try row.string("version"), status: status, publishedTime: Double(try row.string("published")) ?? 0,
                    formatData: row.optionalString("version_data"), assets: []))
            }
            guard let name = row.optionalString("name") else { continue }
            versions[versions.count - 1].assets.append(ListedAsset(
                name: name, blob: try Self.asset(row).blob, createdTime: Double(try row.string("created")) ?? 0,
                formatData: row.optionalString("asset_data")))
        }
        return versions
    }

    public func setVersionFormatData(versionId: Int64, _ data: String?) throws {
        try connection.update("UPDATE package_versions SET format_data = ? WHERE version_id = ?", [data, versionId])
    }

    public func assetFormatData(versionId: Int64, name: String) throws -> String? {
        try connection.query(
            "SELECT format_data FROM package_version_assets WHERE version_id = ? AND name = ?", [versionId, name]
        ).first?.optionalString("format_data")
    }

    public func setAssetFormatData(versionId: Int64, name: String, _ data: String?) throws {
        try connection.update("UPDATE package_version_assets SET format_data = ? WHERE version_id = ? AND name = ?", [data, versionId, name])
    }

    public func copyContents(fromVersion source: Int64, toVersion target: Int64) throws -> Int {
        try connection.update(
            "UPDATE package_versions SET format_data = (SELECT format_data FROM package_versions WHERE version_id = ?) WHERE version_id = ?",
            [source, target])
        return try connection.update(
            """
            INSERT INTO package_version_assets (version_id, name, blob_sha256, format_data)
            SELECT ?, name, blob_sha256, format_data FROM package_version_assets WHERE version_id = ?
            """, [target, source]).affectedRows
    }

    // MARK: Dist-tags

    public func datedDistTags(packageId: Int64) throws -> [String: (version: String, updated: Double)] {
        var tags: [String: (version: String, updated: Double)] = [:]
        for row in try connection.query(
            "SELECT tag, version, UNIX_TIMESTAMP(updated_at) AS updated FROM package_dist_tags WHERE package_id = ?", [packageId])
        {
            tags[try row.string("tag")] = (try row.string("version"), Double(try row.string("updated")) ?? 0)
        }
        return tags
    }

    public func setDistTag(packageId: Int64, tag: String, version: String) throws {
        try connection.update(
            "INSERT INTO package_dist_tags (package_id, tag, version) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE version = VALUES(version)",
            [packageId, tag, version])
    }

    public func deleteDistTag(packageId: Int64, tag: String) throws -> Bool {
        try connection.update("DELETE FROM package_dist_tags WHERE package_id = ? AND tag = ?", [packageId, tag]).affectedRows > 0
    }

    public func deleteDistTags(packageId: Int64, version: String) throws {
        try connection.update("DELETE FROM package_dist_tags WHERE package_id = ? AND version = ?", [packageId, version])
    }
}

/// The change counters (sql/0006). Read from the database only when some Granary process
/// committed a write since the last read (the `CommitSignal` moved) or the last read is older
/// than `maxAge` — the bound for changes made outside Granary, by hand in SQL. Otherwise a read
/// costs two loads of shared memory. The signal is looked at before the database is read, and
/// writers move it after their COMMIT, so a remembered value is never older than the last write
/// a Granary process has answered for.
public final class MariaDBChangeCounters: ChangeCounters {
    let connection: Connection
    private let signal: CommitSignal?
    private let maxAge: Double
    /// Monotonic seconds (the worker's clock).
    private let clock: () -> Double
    private var remembered: (signal: UInt64, readAt: Double, counters: (access: Int64, listings: Int64))?

    public init(connection: Connection, signal: CommitSignal?, maxAge: Double = 1, clock: @escaping () -> Double) {
        self.connection = connection
        self.signal = signal
        self.maxAge = maxAge
        self.clock = clock
    }

    public func current() throws -> (access: Int64, listings: Int64) {
        guard let signal else { return try read() }
        let seen = signal.value
        let now = clock()
        if let remembered, remembered.signal == seen, now - remembered.readAt < maxAge { return remembered.counters }
        let counters = try read()
        remembered = (seen, now, counters)
        return counters
    }

    private func read() throws -> (access: Int64, listings: Int64) {
        var counters = (access: Int64(0), listings: Int64(0))
        for row in try connection.query("SELECT name, value FROM change_counters WHERE name IN ('access', 'listings')") {
            switch try row.string("name") {
            case "access": counters.access = try row.int("value")
            default: counters.listings = try row.int("value")
            }
        }
        return counters
    }
}
