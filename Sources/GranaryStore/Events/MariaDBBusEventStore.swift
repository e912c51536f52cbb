import GranaryCore
import MariaDB

/// Events on buses (sql/0014 `bus_events`).
public final class MariaDBBusEventStore: BusEventStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func append(_ events: [BusEvent]) throws {
        for event in events {
            try connection.update(
                "INSERT INTO bus_events (account_id, bus_name, event_uuid, source, detail_type, body) VALUES (?, ?, ?, ?, ?, ?)",
                [event.accountId, event.busName, event.uuid, event.source, event.detailType, event.body])
        }
    }

    public func events(accountId: String, bus: String, after: Int64, limit: Int) throws -> [BusEvent] {
        try connection.query(
            """
            SELECT event_id, account_id, bus_name, event_uuid, source, detail_type, body, UNIX_TIMESTAMP(created_at) AS created
            FROM bus_events WHERE account_id = ? AND bus_name = ? AND event_id > ? ORDER BY event_id LIMIT ?
            """, [accountId, bus, after, limit]
        ).map { row in
            BusEvent(
                sequence: try row.int("event_id"), accountId: try row.string("account_id"), busName: try row.string("bus_name"),
                uuid: try row.string("event_uuid"), source: try row.string("source"), detailType: try row.string("detail_type"),
                body: try row.string("body"), createdAt: EventRows.seconds(row, "created"))
        }
    }
}
