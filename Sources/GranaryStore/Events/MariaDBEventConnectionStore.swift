import GranaryCore
import MariaDB

/// Connections and API destinations (sql/0014 `event_connections`, `event_api_destinations`).
public final class MariaDBEventConnectionStore: EventConnectionStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    static let columns = """
        connection_id, account_id, name, uuid, description, authorization_type, auth_name, http_parameters_shown, sealed_secrets,
        UNIX_TIMESTAMP(created_at) AS created, UNIX_TIMESTAMP(updated_at) AS updated, UNIX_TIMESTAMP(authorized_at) AS authorized
        """

    public func insertConnection(_ value: EventConnection, sealedSecrets: [UInt8]) throws {
        _ = try connection.insert(
            """
            INSERT INTO event_connections (account_id, name, uuid, description, authorization_type, auth_name, http_parameters_shown,
                sealed_secrets)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [value.accountId, value.name, value.uuid, value.description, value.authorization.rawValue, value.authorizationName,
             try value.httpParameters.map(StoredJSON.text), sealedSecrets])
    }

    public func connection(accountId: String, name: String) throws -> StoredEventConnection? {
        try connection.query("SELECT \(Self.columns) FROM event_connections WHERE account_id = ? AND name = ?", [accountId, name])
            .first.map(Self.stored)
    }

    public func lockConnection(accountId: String, name: String) throws -> StoredEventConnection? {
        try connection.query(
            "SELECT \(Self.columns) FROM event_connections WHERE account_id = ? AND name = ? FOR UPDATE", [accountId, name]
        ).first.map(Self.stored)
    }

    public func connections(accountId: String, namePrefix: String?, after: String?, limit: Int) throws -> [EventConnection] {
        try connection.query(
            "SELECT \(Self.columns) FROM event_connections WHERE account_id = ? AND \(EventRows.pageCondition()) ORDER BY name LIMIT ?",
            [accountId] + EventRows.pageBindings(prefix: namePrefix, after: after) + [limit]
        ).map { try Self.stored($0).connection }
    }

    public func updateConnection(_ value: EventConnection, sealedSecrets: [UInt8]) throws {
        try connection.update(
            """
            UPDATE event_connections SET description = ?, authorization_type = ?, auth_name = ?, http_parameters_shown = ?,
                sealed_secrets = ?, updated_at = CURRENT_TIMESTAMP(6), authorized_at = CURRENT_TIMESTAMP(6)
            WHERE connection_id = ?
            """,
            [value.description, value.authorization.rawValue, value.authorizationName, try value.httpParameters.map(StoredJSON.text),
             sealedSecrets, value.id])
    }

    public func deleteConnection(id: Int64) throws {
        try connection.update("DELETE FROM event_connections WHERE connection_id = ?", [id])
    }

    public func destinationNames(connectionId: Int64) throws -> [String] {
        try connection.query(
            "SELECT name FROM event_api_destinations WHERE connection_id = ? ORDER BY name LOCK IN SHARE MODE", [connectionId]
        ).map { try $0.string("name") }
    }

    static func stored(_ row: Row) throws -> StoredEventConnection {
        let value = EventConnection(
            id: try row.int("connection_id"), accountId: try row.string("account_id"), name: try row.string("name"),
            uuid: try row.string("uuid"), description: row.optionalString("description"),
            authorization: EventConnection.Authorization(rawValue: try row.string("authorization_type")) ?? .basic,
            authorizationName: try row.string("auth_name"),
            httpParameters: try row.optionalString("http_parameters_shown").map { try StoredJSON.value(ConnectionHttpParameters.self, $0) },
            createdAt: EventRows.seconds(row, "created"), modifiedAt: EventRows.seconds(row, "updated"),
            authorizedAt: EventRows.seconds(row, "authorized"))
        return StoredEventConnection(connection: value, sealedSecrets: try row.bytes("sealed_secrets"))
    }

    // MARK: API destinations

    static let destinationFields = """
        d.destination_id, d.account_id, d.name, d.uuid, d.description, d.connection_id, c.name AS connection_name,
        c.uuid AS connection_uuid, d.invocation_endpoint, d.http_method, d.rate_limit_per_second,
        UNIX_TIMESTAMP(d.created_at) AS created, UNIX_TIMESTAMP(d.updated_at) AS updated
        """
    static let destinationTables = "event_api_destinations d JOIN event_connections c ON c.connection_id = d.connection_id"
    static let destinationColumns = "\(destinationFields) FROM \(destinationTables)"

    public func insertDestination(_ value: ApiDestination) throws {
        _ = try connection.insert(
            """
            INSERT INTO event_api_destinations (account_id, name, uuid, description, connection_id, invocation_endpoint, http_method,
                rate_limit_per_second)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [value.accountId, value.name, value.uuid, value.description, value.connectionId, value.invocationEndpoint, value.httpMethod,
             value.rateLimitPerSecond])
    }

    public func destination(accountId: String, name: String) throws -> ApiDestination? {
        try connection.query("SELECT \(Self.destinationColumns) WHERE d.account_id = ? AND d.name = ?", [accountId, name])
            .first.map(Self.destination)
    }

    public func destinations(accountId: String, namePrefix: String?, connectionId: Int64?, after: String?, limit: Int) throws
        -> [ApiDestination]
    {
        try connection.query(
            """
            SELECT \(Self.destinationColumns) WHERE d.account_id = ? AND (? IS NULL OR d.connection_id = ?)
                AND \(EventRows.pageCondition("d.name")) ORDER BY d.name LIMIT ?
            """, [accountId, connectionId, connectionId] + EventRows.pageBindings(prefix: namePrefix, after: after) + [limit]
        ).map(Self.destination)
    }

    public func updateDestination(_ value: ApiDestination) throws {
        try connection.update(
            """
            UPDATE event_api_destinations SET description = ?, connection_id = ?, invocation_endpoint = ?, http_method = ?,
                rate_limit_per_second = ?, updated_at = CURRENT_TIMESTAMP(6)
            WHERE destination_id = ?
            """,
            [value.description, value.connectionId, value.invocationEndpoint, value.httpMethod, value.rateLimitPerSecond, value.id])
    }

    public func setSigningSecret(destinationId: Int64, sealed: [UInt8]) throws {
        try connection.update(
            "UPDATE event_api_destinations SET sealed_signing_secret = ? WHERE destination_id = ?", [sealed, destinationId])
    }

    public func signingSecret(destinationId: Int64) throws -> [UInt8]? {
        try connection.query(
            "SELECT sealed_signing_secret FROM event_api_destinations WHERE destination_id = ?", [destinationId]
        ).first?["sealed_signing_secret"].bytes
    }

    public func deleteDestination(id: Int64) throws {
        try connection.update("DELETE FROM event_api_destinations WHERE destination_id = ?", [id])
    }

    static func destination(_ row: Row) throws -> ApiDestination {
        ApiDestination(
            id: try row.int("destination_id"), accountId: try row.string("account_id"), name: try row.string("name"),
            uuid: try row.string("uuid"), description: row.optionalString("description"), connectionId: try row.int("connection_id"),
            connectionName: try row.string("connection_name"), connectionUUID: try row.string("connection_uuid"),
            invocationEndpoint: try row.string("invocation_endpoint"), httpMethod: try row.string("http_method"),
            rateLimitPerSecond: Int(try row.int("rate_limit_per_second")), createdAt: EventRows.seconds(row, "created"),
            modifiedAt: EventRows.seconds(row, "updated"))
    }
}
