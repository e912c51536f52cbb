import GranaryCore
import MariaDB

/// Archives and replays (sql/0014 `event_archives`, `event_replays`).
public final class MariaDBEventArchiveStore: EventArchiveStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    static let columns = """
        archive_id, account_id, name, bus_name, description, event_pattern, retention_days, state, event_count, size_bytes,
        UNIX_TIMESTAMP(created_at) AS created
        """

    public func insertArchive(_ archive: EventArchive) throws {
        _ = try connection.insert(
            """
            INSERT INTO event_archives (account_id, name, bus_name, description, event_pattern, retention_days, state)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [archive.accountId, archive.name, archive.busName, archive.description, archive.eventPattern, archive.retentionDays,
             archive.state])
    }

    public func archive(accountId: String, name: String) throws -> EventArchive? {
        try connection.query("SELECT \(Self.columns) FROM event_archives WHERE account_id = ? AND name = ?", [accountId, name])
            .first.map(Self.archive)
    }

    public func archives(accountId: String, namePrefix: String?, bus: String?, after: String?, limit: Int) throws -> [EventArchive] {
        try connection.query(
            """
            SELECT \(Self.columns) FROM event_archives WHERE account_id = ? AND (? IS NULL OR bus_name = ?)
                AND \(EventRows.pageCondition()) ORDER BY name LIMIT ?
            """, [accountId, bus, bus] + EventRows.pageBindings(prefix: namePrefix, after: after) + [limit]
        ).map(Self.archive)
    }

    public func updateArchive(_ archive: EventArchive) throws {
        try connection.update(
            "UPDATE event_archives SET description = ?, event_pattern = ?, retention_days = ? WHERE archive_id = ?",
            [archive.description, archive.eventPattern, archive.retentionDays, archive.id])
    }

    public func deleteArchive(id: Int64) throws {
        try connection.update("DELETE FROM event_archives WHERE archive_id = ?", [id])
    }

    static func archive(_ row: Row) throws -> EventArchive {
        EventArchive(
            id: try row.int("archive_id"), accountId: try row.string("account_id"), name: try row.string("name"),
            busName: try row.string("bus_name"), description: row.optionalString("description"),
            eventPattern: row.optionalString("event_pattern"), retentionDays: Int(try row.int("retention_days")),
            state: try row.string("state"), eventCount: try row.int("event_count"), sizeBytes: try row.int("size_bytes"),
            createdAt: EventRows.seconds(row, "created"))
    }

    // MARK: replays

    static let replayColumns = """
        replay_id, account_id, name, description, archive_name, UNIX_TIMESTAMP(event_start_time) AS event_start,
        UNIX_TIMESTAMP(event_end_time) AS event_end, destination_bus, filter_arns, state, state_reason,
        UNIX_TIMESTAMP(replay_start_time) AS replay_start, UNIX_TIMESTAMP(replay_end_time) AS replay_end,
        UNIX_TIMESTAMP(event_last_replayed_time) AS last_replayed
        """

    public func insertReplay(_ replay: EventReplay) throws {
        _ = try connection.insert(
            """
            INSERT INTO event_replays (account_id, name, description, archive_name, event_start_time, event_end_time, destination_bus,
                filter_arns, state)
            VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?)
            """,
            [replay.accountId, replay.name, replay.description, replay.archiveName, replay.eventStartTime, replay.eventEndTime,
             replay.destinationBus, try StoredJSON.text(replay.filterArns), replay.state.rawValue])
    }

    public func replay(accountId: String, name: String) throws -> EventReplay? {
        try connection.query("SELECT \(Self.replayColumns) FROM event_replays WHERE account_id = ? AND name = ?", [accountId, name])
            .first.map(Self.replay)
    }

    public func lockReplay(accountId: String, name: String) throws -> EventReplay? {
        try connection.query(
            "SELECT \(Self.replayColumns) FROM event_replays WHERE account_id = ? AND name = ? FOR UPDATE", [accountId, name]
        ).first.map(Self.replay)
    }

    public func replays(
        accountId: String, namePrefix: String?, state: EventReplay.State?, archiveName: String?, after: String?, limit: Int
    ) throws -> [EventReplay] {
        try connection.query(
            """
            SELECT \(Self.replayColumns) FROM event_replays WHERE account_id = ? AND (? IS NULL OR state = ?)
                AND (? IS NULL OR archive_name = ?) AND \(EventRows.pageCondition()) ORDER BY name LIMIT ?
            """,
            [accountId, state?.rawValue, state?.rawValue, archiveName, archiveName]
                + EventRows.pageBindings(prefix: namePrefix, after: after) + [limit]
        ).map(Self.replay)
    }

    public func setReplayState(id: Int64, state: EventReplay.State, reason: String?) throws {
        try connection.update("UPDATE event_replays SET state = ?, state_reason = ? WHERE replay_id = ?", [state.rawValue, reason, id])
    }

    static func replay(_ row: Row) throws -> EventReplay {
        EventReplay(
            id: try row.int("replay_id"), accountId: try row.string("account_id"), name: try row.string("name"),
            description: row.optionalString("description"), archiveName: try row.string("archive_name"),
            eventStartTime: EventRows.seconds(row, "event_start"), eventEndTime: EventRows.seconds(row, "event_end"),
            destinationBus: try row.string("destination_bus"),
            filterArns: try StoredJSON.value([String].self, try row.string("filter_arns")),
            state: EventReplay.State(rawValue: try row.string("state")) ?? .failed, stateReason: row.optionalString("state_reason"),
            replayStartTime: EventRows.seconds(row, "replay_start"), replayEndTime: EventRows.optionalSeconds(row, "replay_end"),
            eventLastReplayedTime: EventRows.optionalSeconds(row, "last_replayed"))
    }
}
