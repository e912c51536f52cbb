import GranaryCore
import GranaryCrypto
import MariaDB

/// The outbox table: events written in the change's own transaction, each numbered in its
/// package's sequence (sql/0015 `package_event_sequences`; the row stays locked to the end of the
/// transaction, so concurrent changes of one package take consecutive numbers in commit order).
public final class MariaDBOutbox: Outbox {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func append(_ event: PackageVersionEvent) throws {
        let key = Digest.hash(.sha256, Array(event.packageArn.utf8))
        try connection.update(
            """
            INSERT INTO package_event_sequences (package_key, sequence) VALUES (?, 1)
            ON DUPLICATE KEY UPDATE sequence = sequence + 1
            """, [key])
        let sequence = try connection.query("SELECT sequence FROM package_event_sequences WHERE package_key = ?", [key])
            .first.map { try $0.int("sequence") } ?? 1
        try connection.update(
            "INSERT INTO outbox_events (event_uuid, domain_id, detail_type, body) VALUES (?, ?, ?, ?)",
            [event.id, event.domainId, PackageVersionEvent.detailType, try event.json(sequenceNumber: sequence)])
    }
}
