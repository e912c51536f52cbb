import GranaryCore
import MariaDB

/// The outbox table: events written in the change's own transaction.
public final class MariaDBOutbox: Outbox {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func append(_ event: PackageVersionEvent) throws {
        try connection.update(
            "INSERT INTO outbox_events (event_uuid, domain_id, detail_type, body) VALUES (?, ?, ?, ?)",
            [event.id, event.domainId, PackageVersionEvent.detailType, try event.json()])
    }
}
