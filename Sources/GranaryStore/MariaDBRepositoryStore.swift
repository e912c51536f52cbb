import GranaryCore
import MariaDB

/// Repositories, their ordered upstreams and external connections, in MariaDB.
public final class MariaDBRepositoryStore: RepositoryStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func insertRepository(domainId: Int64, name: String, administrator: String, description: String?) throws -> Int64 {
        Int64(try connection.insert(
            "INSERT INTO repositories (domain_id, name, administrator_account_id, description) VALUES (?, ?, ?, ?)",
            [domainId, name, administrator, description]
        ).lastInsertID)
    }

    static let select = """
        SELECT r.repository_id, r.domain_id, d.name AS domain_name, d.owner_account_id, r.name, r.administrator_account_id,
               r.description, UNIX_TIMESTAMP(r.created_at) AS created
        FROM repositories r JOIN domains d ON d.domain_id = r.domain_id
        """

    public func repository(domainId: Int64, name: String) throws -> Repository? {
        try load(Self.select + " WHERE r.domain_id = ? AND r.name = ?", [domainId, name]).first
    }

    public func repositorySummary(domainId: Int64, name: String) throws -> Repository? {
        try load(Self.select + " WHERE r.domain_id = ? AND r.name = ?", [domainId, name], withLinks: false).first
    }

    public func repositoryId(domainId: Int64, name: String) throws -> Int64? {
        try connection.query("SELECT repository_id FROM repositories WHERE domain_id = ? AND name = ?", [domainId, name])
            .first.map { try $0.int("repository_id") }
    }

    public func allRepositories(domainId: Int64) throws -> [Repository] {
        try load(Self.select + " WHERE r.domain_id = ? ORDER BY r.name", [domainId])
    }

    public func repositories(domainId: Int64, names: [String]) throws -> [Repository] {
        guard !names.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try load(Self.select + " WHERE r.domain_id = ? AND r.name IN (\(marks))", [domainId] + names)
    }

    public func repositories(
        domainId: Int64, administrator: String?, prefix: String?, after: String?, limit: Int
    ) throws -> [Repository] {
        try load(
            Self.select + """
                 WHERE r.domain_id = ? AND (? IS NULL OR r.administrator_account_id = ?)
                   AND r.name LIKE CONCAT(?, '%') AND r.name > ?
                 ORDER BY r.name LIMIT ?
                """,
            [domainId, administrator, administrator, Self.likePrefix(prefix), after ?? "", limit])
    }

    public func repositories(administrator: String, prefix: String?, after: String?, limit: Int) throws -> [Repository] {
        let (afterName, afterId) = Self.splitCursor(after)
        return try load(
            Self.select + """
                 WHERE r.administrator_account_id = ? AND r.name LIKE CONCAT(?, '%')
                   AND (r.name > ? OR (r.name = ? AND r.repository_id > ?))
                 ORDER BY r.name, r.repository_id LIMIT ?
                """,
            [administrator, Self.likePrefix(prefix), afterName, afterName, afterId, limit])
    }

    public func updateDescription(repositoryId: Int64, description: String?) throws {
        try connection.update("UPDATE repositories SET description = ? WHERE repository_id = ?", [description, repositoryId])
    }

    public func setUpstreams(repositoryId: Int64, upstreamIds: [Int64]) throws {
        try connection.update("DELETE FROM repository_upstreams WHERE repository_id = ?", [repositoryId])
        for (position, upstream) in upstreamIds.enumerated() {
            try connection.update(
                "INSERT INTO repository_upstreams (repository_id, position, upstream_repository_id) VALUES (?, ?, ?)",
                [repositoryId, position, upstream])
        }
    }

    public func upstreamGraph(domainId: Int64) throws -> [Int64: [Int64]] {
        var graph: [Int64: [Int64]] = [:]
        for row in try connection.query(
            """
            SELECT u.repository_id, u.upstream_repository_id FROM repository_upstreams u
            JOIN repositories r ON r.repository_id = u.repository_id WHERE r.domain_id = ? ORDER BY u.repository_id, u.position
            """, [domainId])
        {
            graph[try row.int("repository_id"), default: []].append(try row.int("upstream_repository_id"))
        }
        return graph
    }

    public func downstreams(of repositoryId: Int64) throws -> [String] {
        try connection.query(
            """
            SELECT r.name FROM repository_upstreams u JOIN repositories r ON r.repository_id = u.repository_id
            WHERE u.upstream_repository_id = ? ORDER BY r.name
            """, [repositoryId]
        ).map { try $0.string("name") }
    }

    public func setExternalConnection(repositoryId: Int64, _ connection: ExternalConnection?) throws {
        try self.connection.update("DELETE FROM repository_external_connections WHERE repository_id = ?", [repositoryId])
        if let connection {
            try self.connection.update(
                "INSERT INTO repository_external_connections (repository_id, connection_name, package_format) VALUES (?, ?, ?)",
                [repositoryId, connection.name, connection.packageFormat.rawValue])
        }
    }

    public func deleteRepository(id: Int64) throws {
        try connection.update("DELETE FROM repository_external_connections WHERE repository_id = ?", [id])
        try connection.update("DELETE FROM external_documents WHERE repository_id = ?", [id])
        try connection.update("DELETE FROM repository_upstreams WHERE repository_id = ?", [id])
        try connection.update("DELETE FROM repositories WHERE repository_id = ?", [id])
    }

    /// Rows → repositories, with their upstreams and external connections filled in (two more
    /// queries) unless `withLinks` is false.
    private func load(_ sql: String, _ parameters: [any ValueConvertible], withLinks: Bool = true) throws -> [Repository] {
        var repositories = try connection.query(sql, parameters).map { row in
            Repository(
                id: try row.int("repository_id"), domainId: try row.int("domain_id"), domainName: try row.string("domain_name"),
                domainOwner: try row.string("owner_account_id"), name: try row.string("name"),
                administratorAccount: try row.string("administrator_account_id"), description: row.optionalString("description"),
                createdTime: Double(try row.string("created")) ?? 0)
        }
        guard !repositories.isEmpty, withLinks else { return repositories }
        let ids = repositories.map(\.id)
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var upstreams: [Int64: [String]] = [:]
        for row in try connection.query(
            """
            SELECT u.repository_id, r.name FROM repository_upstreams u JOIN repositories r ON r.repository_id = u.upstream_repository_id
            WHERE u.repository_id IN (\(marks)) ORDER BY u.repository_id, u.position
            """, ids)
        {
            upstreams[try row.int("repository_id"), default: []].append(try row.string("name"))
        }
        var connections: [Int64: [ExternalConnection]] = [:]
        for row in try connection.query(
            "SELECT repository_id, connection_name, package_format FROM repository_external_connections WHERE repository_id IN (\(marks))",
            ids)
        {
            guard let format = PackageFormat(rawValue: try row.string("package_format")) else { continue }
            connections[try row.int("repository_id"), default: []].append(
                ExternalConnection(name: try row.string("connection_name"), packageFormat: format))
        }
        for index in repositories.indices {
            repositories[index].upstreams = upstreams[repositories[index].id] ?? []
            repositories[index].externalConnections = connections[repositories[index].id] ?? []
        }
        return repositories
    }

    /// A LIKE prefix with its wildcards escaped.
    static func likePrefix(_ prefix: String?) -> String {
        (prefix ?? "").replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
    }

    /// "name/id" → (name, id); nil → ("", 0).
    static func splitCursor(_ cursor: String?) -> (String, Int64) {
        guard let cursor, let slash = cursor.lastIndex(of: "/"), let id = Int64(cursor[cursor.index(after: slash)...]) else {
            return ("", 0)
        }
        return (String(cursor[..<slash]), id)
    }
}
