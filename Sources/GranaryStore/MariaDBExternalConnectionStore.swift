import GranaryCore
import MariaDB

/// Accounts' external connection definitions in MariaDB.
public final class MariaDBExternalConnectionStore: ExternalConnectionStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    private static let columns = """
        account_id, name, package_format, base_url, credentials_type, sealed_credentials,
        DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS created
        """

    public func insertDefinition(_ definition: ExternalConnectionDefinition, sealedCredentials: [UInt8]?) throws {
        _ = try connection.insert(
            """
            INSERT INTO external_connection_definitions (account_id, name, package_format, base_url, credentials_type, sealed_credentials)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [definition.accountId, definition.name, definition.packageFormat.rawValue, definition.baseURL,
             definition.credentialsType?.rawValue, sealedCredentials])
    }

    public func definitions(accountId: String) throws -> [ExternalConnectionDefinition] {
        try connection.query(
            "SELECT \(Self.columns) FROM external_connection_definitions WHERE account_id = ? ORDER BY name", [accountId]
        ).compactMap { try Self.stored($0)?.definition }
    }

    public func definition(accountId: String, name: String) throws -> StoredExternalConnection? {
        try connection.query(
            "SELECT \(Self.columns) FROM external_connection_definitions WHERE account_id = ? AND name = ?", [accountId, name]
        ).first.flatMap(Self.stored)
    }

    public func lockDefinition(accountId: String, name: String) throws -> ExternalConnectionDefinition? {
        try connection.query(
            "SELECT \(Self.columns) FROM external_connection_definitions WHERE account_id = ? AND name = ? LOCK IN SHARE MODE",
            [accountId, name]
        ).first.flatMap(Self.stored)?.definition
    }

    public func deleteDefinition(accountId: String, name: String) throws -> Bool {
        try connection.update(
            "DELETE FROM external_connection_definitions WHERE account_id = ? AND name = ?", [accountId, name]
        ).affectedRows > 0
    }

    public func repositories(using name: String, accountId: String) throws -> [String] {
        try connection.query(
            """
            SELECT d.name AS domain_name, r.name FROM repository_external_connections c
            JOIN repositories r ON r.repository_id = c.repository_id JOIN domains d ON d.domain_id = r.domain_id
            WHERE d.owner_account_id = ? AND c.connection_name = ? ORDER BY d.name, r.name LOCK IN SHARE MODE
            """, [accountId, name]
        ).map { "\(try $0.string("domain_name"))/\(try $0.string("name"))" }
    }

    private static func stored(_ row: Row) throws -> StoredExternalConnection? {
        guard let format = PackageFormat(rawValue: try row.string("package_format")) else { return nil }
        let kind = row.optionalString("credentials_type").flatMap(ExternalCredentials.Kind.init(rawValue:))
        return StoredExternalConnection(
            definition: ExternalConnectionDefinition(
                accountId: try row.string("account_id"), name: try row.string("name"), packageFormat: format,
                baseURL: try row.string("base_url"), credentialsType: kind, createdAt: try row.string("created")),
            sealedCredentials: kind == nil ? nil : try row.bytes("sealed_credentials"))
    }
}
