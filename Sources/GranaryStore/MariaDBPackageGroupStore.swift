import GranaryCore
import MariaDB

/// Package groups, their allowed-repository lists and tags, in MariaDB (sql/0007).
public final class MariaDBPackageGroupStore: PackageGroupStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    static let modeColumns: [(PackageGroupRestriction, String)] = [
        (.publish, "publish_mode"), (.externalUpstream, "external_upstream_mode"), (.internalUpstream, "internal_upstream_mode"),
    ]

    /// One query: the groups with the sizes of their allowed lists.
    public func groups(domainId: Int64) throws -> [PackageGroup] {
        try connection.query(
            """
            SELECT g.package_group_id, g.domain_id, g.pattern, g.description, g.contact_info, g.publish_mode, g.external_upstream_mode,
                   g.internal_upstream_mode, UNIX_TIMESTAMP(g.created_at) AS created,
                   (SELECT COUNT(*) FROM package_group_allowed_repositories a
                    WHERE a.package_group_id = g.package_group_id AND a.restriction_type = 'PUBLISH') AS publish_mode_count,
                   (SELECT COUNT(*) FROM package_group_allowed_repositories a
                    WHERE a.package_group_id = g.package_group_id AND a.restriction_type = 'EXTERNAL_UPSTREAM') AS external_upstream_mode_count,
                   (SELECT COUNT(*) FROM package_group_allowed_repositories a
                    WHERE a.package_group_id = g.package_group_id AND a.restriction_type = 'INTERNAL_UPSTREAM') AS internal_upstream_mode_count
            FROM package_groups g WHERE g.domain_id = ? ORDER BY g.pattern_key
            """, [domainId]
        ).map { row in
            var modes: [PackageGroupRestriction: PackageGroupRestrictionMode] = [:]
            var allowed: [PackageGroupRestriction: Int] = [:]
            for (restriction, column) in Self.modeColumns {
                guard let mode = PackageGroupRestrictionMode(rawValue: try row.string(column)) else {
                    throw MariaDBError(code: 0, sqlState: "HY000", message: "unknown mode in package_groups.\(column)")
                }
                modes[restriction] = mode
                allowed[restriction] = Int(try row.int(column + "_count"))
            }
            return PackageGroup(
                id: try row.int("package_group_id"), domainId: try row.int("domain_id"),
                pattern: try PackageGroupPattern.parse(try row.string("pattern")), description: row.optionalString("description"),
                contactInfo: row.optionalString("contact_info"), createdTime: Double(try row.string("created")) ?? 0, modes: modes,
                allowedCounts: allowed)
        }
    }

    public func insertGroup(domainId: Int64, pattern: PackageGroupPattern, description: String?, contactInfo: String?) throws -> Int64 {
        Int64(try connection.insert(
            "INSERT INTO package_groups (domain_id, pattern, pattern_key, description, contact_info) VALUES (?, ?, ?, ?, ?)",
            [domainId, pattern.text, pattern.key, description, contactInfo]
        ).lastInsertID)
    }

    public func ensureRoot(domainId: Int64) throws -> Int64 {
        try connection.update(
            """
            INSERT IGNORE INTO package_groups (domain_id, pattern, pattern_key, publish_mode, external_upstream_mode, internal_upstream_mode, created_at)
            SELECT domain_id, '/*', '/*', 'ALLOW', 'ALLOW', 'ALLOW', created_at FROM domains WHERE domain_id = ?
            """, [domainId])
        guard let row = try connection.query(
            "SELECT package_group_id FROM package_groups WHERE domain_id = ? AND pattern_key = '/*'", [domainId]
        ).first else {
            throw MariaDBError(code: 0, sqlState: "HY000", message: "no root package group for domain \(domainId)")
        }
        return try row.int("package_group_id")
    }

    public func updateGroup(id: Int64, description: String?, contactInfo: String?) throws {
        try connection.update(
            """
            UPDATE package_groups SET description = IF(? IS NULL, description, NULLIF(?, '')),
                   contact_info = IF(? IS NULL, contact_info, NULLIF(?, '')) WHERE package_group_id = ?
            """,
            [description, description, contactInfo, contactInfo, id])
    }

    public func setModes(groupId: Int64, _ modes: [PackageGroupRestriction: PackageGroupRestrictionMode]) throws {
        for (restriction, column) in Self.modeColumns {
            guard let mode = modes[restriction] else { continue }
            try connection.update("UPDATE package_groups SET \(column) = ? WHERE package_group_id = ?", [mode.rawValue, groupId])
        }
    }

    public func deleteGroup(id: Int64) throws {
        try connection.update("DELETE FROM package_group_allowed_repositories WHERE package_group_id = ?", [id])
        try connection.update("DELETE FROM package_group_tags WHERE package_group_id = ?", [id])
        try connection.update("DELETE FROM package_groups WHERE package_group_id = ?", [id])
    }

    public func deleteGroups(domainId: Int64) throws {
        try connection.update(
            """
            DELETE a FROM package_group_allowed_repositories a JOIN package_groups g ON g.package_group_id = a.package_group_id
            WHERE g.domain_id = ?
            """, [domainId])
        try connection.update(
            "DELETE t FROM package_group_tags t JOIN package_groups g ON g.package_group_id = t.package_group_id WHERE g.domain_id = ?",
            [domainId])
        try connection.update("DELETE FROM package_groups WHERE domain_id = ?", [domainId])
    }

    // MARK: allowed repositories

    public func allowedRepositories(groupId: Int64, _ restriction: PackageGroupRestriction, after: String?, limit: Int) throws -> [String] {
        try connection.query(
            """
            SELECT r.name FROM package_group_allowed_repositories a JOIN repositories r ON r.repository_id = a.repository_id
            WHERE a.package_group_id = ? AND a.restriction_type = ? AND r.name > ? ORDER BY r.name LIMIT ?
            """, [groupId, restriction.rawValue, after ?? "", limit]
        ).map { try $0.string("name") }
    }

    public func addAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws {
        try connection.update(
            "INSERT IGNORE INTO package_group_allowed_repositories (package_group_id, restriction_type, repository_id) VALUES (?, ?, ?)",
            [groupId, restriction.rawValue, repositoryId])
    }

    public func removeAllowedRepository(groupId: Int64, _ restriction: PackageGroupRestriction, repositoryId: Int64) throws {
        try connection.update(
            "DELETE FROM package_group_allowed_repositories WHERE package_group_id = ? AND restriction_type = ? AND repository_id = ?",
            [groupId, restriction.rawValue, repositoryId])
    }

    public func allowedLists(repositoryId: Int64) throws -> Set<AllowedListEntry> {
        Set(
            try connection.query(
                "SELECT package_group_id, restriction_type FROM package_group_allowed_repositories WHERE repository_id = ?", [repositoryId]
            ).compactMap { row in
                guard let restriction = PackageGroupRestriction(rawValue: try row.string("restriction_type")) else { return nil }
                return AllowedListEntry(groupId: try row.int("package_group_id"), restriction: restriction)
            })
    }

    // MARK: tags

    public func tags(groupId: Int64) throws -> [Tag] {
        try connection.query(
            "SELECT tag_key, tag_value FROM package_group_tags WHERE package_group_id = ? ORDER BY tag_key", [groupId]
        ).map { Tag(key: try $0.string("tag_key"), value: try $0.string("tag_value")) }
    }

    public func putTags(groupId: Int64, _ tags: [Tag]) throws {
        for tag in tags {
            try connection.update(
                """
                INSERT INTO package_group_tags (package_group_id, tag_key, tag_value) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE tag_value = VALUES(tag_value)
                """, [groupId, tag.key, tag.value])
        }
    }

    public func removeTags(groupId: Int64, keys: [String]) throws {
        for key in keys {
            try connection.update("DELETE FROM package_group_tags WHERE package_group_id = ? AND tag_key = ?", [groupId, key])
        }
    }

    // MARK: packages of the domain

    public func domainPackages(domainId: Int64, format: PackageFormat?, after: String?, limit: Int) throws -> [PackageCoordinate] {
        let cursor = (after ?? "").split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        let (afterFormat, afterNamespace, afterName) = cursor.count == 3 ? (cursor[0], cursor[1], cursor[2]) : ("", "", "")
        return try connection.query(
            """
            SELECT p.format, p.namespace, p.name, MIN(p.display_namespace) AS display_namespace, MIN(p.display_name) AS display_name
            FROM packages p JOIN repositories r ON r.repository_id = p.repository_id
            WHERE r.domain_id = ? AND (? IS NULL OR p.format = ?)
              AND (p.format > ? OR (p.format = ? AND (p.namespace > ? OR (p.namespace = ? AND p.name > ?))))
            GROUP BY p.format, p.namespace, p.name ORDER BY p.format, p.namespace, p.name LIMIT ?
            """,
            [domainId, format?.rawValue, format?.rawValue, afterFormat, afterFormat, afterNamespace, afterNamespace, afterName, limit]
        ).compactMap { row in
            guard let format = PackageFormat(rawValue: try row.string("format")) else { return nil }
            return PackageCoordinate(format: format, namespace: row.optionalString("display_namespace"), name: try row.string("display_name"))
        }
    }
}
