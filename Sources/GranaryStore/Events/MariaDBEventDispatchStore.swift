import GranaryCore
import MariaDB

/// The dispatcher's reads and writes (sql/0004 `outbox_events`, sql/0014, sql/0015): locking
/// claims that skip what another dispatcher holds, the rules and archives a bus event meets,
/// and the deliveries' states.
public final class MariaDBEventDispatchStore: EventDispatchStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    // MARK: outbox → buses

    public func claimOutbox(limit: Int) throws -> [OutboxEntry] {
        try connection.query(
            """
            SELECT event_id, event_uuid, detail_type, body FROM outbox_events WHERE delivered_at IS NULL
            ORDER BY event_id LIMIT ? FOR UPDATE SKIP LOCKED
            """, [limit]
        ).map { row in
            OutboxEntry(
                id: try row.int("event_id"), uuid: try row.string("event_uuid"), detailType: try row.string("detail_type"),
                body: try row.string("body"))
        }
    }

    public func deleteOutbox(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try connection.update("DELETE FROM outbox_events WHERE event_id IN (\(Self.placeholders(ids.count)))", ids)
    }

    public func appendOnce(_ events: [BusEvent]) throws {
        for event in events {
            try connection.update(
                """
                INSERT IGNORE INTO bus_events (account_id, bus_name, event_uuid, source, detail_type, body) VALUES (?, ?, ?, ?, ?, ?)
                """,
                [event.accountId, event.busName, event.uuid, event.source, event.detailType, event.body])
        }
    }

    // MARK: buses → deliveries and archives

    public func claimUnrouted(limit: Int) throws -> [BusEvent] {
        try connection.query(
            """
            SELECT event_id, account_id, bus_name, event_uuid, source, detail_type, body, UNIX_TIMESTAMP(created_at) AS created
            FROM bus_events WHERE routed_at IS NULL ORDER BY event_id LIMIT ? FOR UPDATE SKIP LOCKED
            """, [limit]
        ).map(Self.busEvent)
    }

    public func markRouted(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try connection.update(
            "UPDATE bus_events SET routed_at = NOW(6) WHERE event_id IN (\(Self.placeholders(ids.count)))", ids)
    }

    public func enabledRules(accountId: String, bus: String) throws -> [RoutableRule] {
        let rules = try connection.query(
            """
            SELECT \(MariaDBEventRuleStore.columns) FROM event_rules WHERE account_id = ? AND bus_name = ? AND state = 'ENABLED'
            ORDER BY name
            """, [accountId, bus]
        ).map(MariaDBEventRuleStore.rule)
        guard !rules.isEmpty else { return [] }
        var targets: [Int64: [EventTarget]] = [:]
        for row in try connection.query(
            """
            SELECT rule_id, \(MariaDBEventRuleStore.targetColumns) FROM event_targets
            WHERE rule_id IN (\(Self.placeholders(rules.count))) ORDER BY rule_id, target_id
            """, rules.map(\.id))
        {
            targets[try row.int("rule_id"), default: []].append(try MariaDBEventRuleStore.target(row))
        }
        return rules.map { RoutableRule(rule: $0, targets: targets[$0.id] ?? []) }
    }

    public func archives(accountId: String, bus: String) throws -> [EventArchive] {
        try connection.query(
            """
            SELECT \(MariaDBEventArchiveStore.columns) FROM event_archives
            WHERE account_id = ? AND bus_name = ? AND state = 'ENABLED' ORDER BY name
            """, [accountId, bus]
        ).map(MariaDBEventArchiveStore.archive)
    }

    public func archive(_ event: BusEvent, archiveId: Int64) throws {
        let inserted = try connection.update(
            """
            INSERT IGNORE INTO event_archive_events (archive_id, event_id, event_uuid, event_time, body)
            VALUES (?, ?, ?, FROM_UNIXTIME(?), ?)
            """, [archiveId, event.sequence, event.uuid, event.createdAt, event.body]
        ).affectedRows
        guard inserted > 0 else { return }
        try connection.update(
            "UPDATE event_archives SET event_count = event_count + 1, size_bytes = size_bytes + ? WHERE archive_id = ?",
            [event.body.utf8.count, archiveId])
    }

    public func insertDeliveries(_ deliveries: [NewDelivery]) throws {
        for delivery in deliveries {
            try connection.update(
                """
                INSERT INTO event_deliveries (account_id, bus_name, event_uuid, rule_name, target_id, destination_arn, http_parameters,
                    replay_name, body, max_retries, event_time, expires_at, next_attempt_at, state, last_error, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?) + INTERVAL ? SECOND, NOW(6),
                    IF(? IS NULL, 'PENDING', 'DEAD'), ?, IF(? IS NULL, NULL, NOW(6)))
                """,
                [delivery.accountId, delivery.busName, delivery.eventUUID, delivery.ruleName, delivery.targetId, delivery.destinationArn,
                 try delivery.httpParameters.map(StoredJSON.text), delivery.replayName, delivery.body, delivery.maxRetries,
                 delivery.eventTime, delivery.eventTime, delivery.maxAgeSeconds, delivery.deadReason, delivery.deadReason,
                 delivery.deadReason])
        }
    }

    // MARK: replays

    public func finishCancelledReplays() throws -> Int {
        try connection.update(
            "UPDATE event_replays SET state = 'CANCELLED', replay_end_time = NOW(6) WHERE state = 'CANCELLING'", []
        ).affectedRows
    }

    public func claimStartingReplay() throws -> EventReplay? {
        try connection.query(
            """
            SELECT \(MariaDBEventArchiveStore.replayColumns) FROM event_replays WHERE state = 'STARTING'
            ORDER BY replay_id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, []
        ).first.map(MariaDBEventArchiveStore.replay)
    }

    public func archivedEvents(accountId: String, archiveName: String, start: Double, end: Double, after: Int64, limit: Int) throws
        -> [BusEvent]
    {
        try connection.query(
            """
            SELECT e.event_id, a.account_id, a.bus_name, e.event_uuid, '' AS source, '' AS detail_type, e.body,
                UNIX_TIMESTAMP(e.event_time) AS created
            FROM event_archives a JOIN event_archive_events e ON e.archive_id = a.archive_id
            WHERE a.account_id = ? AND a.name = ? AND e.event_time >= FROM_UNIXTIME(?) AND e.event_time < FROM_UNIXTIME(?)
                AND e.event_id > ?
            ORDER BY e.event_id LIMIT ?
            """, [accountId, archiveName, start, end, after, limit]
        ).map(Self.busEvent)
    }

    public func finishReplay(id: Int64, state: EventReplay.State, reason: String?, lastReplayed: Double?) throws {
        try connection.update(
            """
            UPDATE event_replays SET state = ?, state_reason = ?, replay_end_time = NOW(6),
                event_last_replayed_time = COALESCE(FROM_UNIXTIME(?), event_last_replayed_time)
            WHERE replay_id = ?
            """, [state.rawValue, reason, lastReplayed, id])
    }

    // MARK: deliveries

    public func claimDue(limit: Int) throws -> [PendingDelivery] {
        try connection.query(
            """
            SELECT delivery_id, account_id, event_uuid, rule_name, target_id, destination_arn, http_parameters, replay_name, body,
                attempts, max_retries, UNIX_TIMESTAMP(event_time) AS event_at,
                TIMESTAMPDIFF(MICROSECOND, NOW(6), expires_at) / 1e6 AS to_expiry
            FROM event_deliveries WHERE state = 'PENDING' AND next_attempt_at <= NOW(6)
            ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED
            """, [limit]
        ).map { row in
            PendingDelivery(
                id: try row.int("delivery_id"),
                route: DeliveryRoute(
                    accountId: try row.string("account_id"), eventUUID: try row.string("event_uuid"), ruleName: try row.string("rule_name"),
                    targetId: try row.string("target_id"), destinationArn: try row.string("destination_arn"),
                    httpParameters: try row.optionalString("http_parameters").map { try StoredJSON.value(EventTarget.HttpParameters.self, $0) },
                    replayName: row.optionalString("replay_name"), body: try row.string("body")),
                attempts: Int(try row.int("attempts")),
                maxRetries: Int(try row.int("max_retries")), eventTime: EventRows.seconds(row, "event_at"),
                secondsToExpiry: EventRows.seconds(row, "to_expiry"))
        }
    }

    public func secondsUntilNextDue() throws -> Double? {
        try connection.query(
            """
            SELECT TIMESTAMPDIFF(MICROSECOND, NOW(6), MIN(next_attempt_at)) / 1e6 AS wait FROM event_deliveries
            WHERE state = 'PENDING'
            """, []
        ).first.flatMap { EventRows.optionalSeconds($0, "wait") }
    }

    public func destinationForDelivery(accountId: String, name: String) throws -> DeliveryDestination? {
        guard let row = try connection.query(
            """
            SELECT \(MariaDBEventConnectionStore.destinationFields), d.sealed_signing_secret
            FROM \(MariaDBEventConnectionStore.destinationTables) WHERE d.account_id = ? AND d.name = ?
            """, [accountId, name]
        ).first else { return nil }
        let destination = try MariaDBEventConnectionStore.destination(row)
        guard let stored = try connection.query(
            "SELECT \(MariaDBEventConnectionStore.columns) FROM event_connections WHERE connection_id = ?", [destination.connectionId]
        ).first.map(MariaDBEventConnectionStore.stored) else { return nil }
        return DeliveryDestination(destination: destination, connection: stored, sealedSigningSecret: row["sealed_signing_secret"].bytes)
    }

    public func recordOutcome(_ outcome: DeliveryOutcome, of delivery: PendingDelivery) throws {
        switch outcome {
        case .delivered(let status):
            try connection.update(
                """
                UPDATE event_deliveries SET state = 'DELIVERED', attempts = attempts + 1, last_status = ?, last_error = NULL,
                    last_attempt_at = NOW(6), finished_at = NOW(6)
                WHERE delivery_id = ?
                """, [status, delivery.id])
        case .retry(let delay, let status, let error, let counts):
            try connection.update(
                """
                UPDATE event_deliveries SET attempts = attempts + ?, last_status = COALESCE(?, last_status),
                    last_error = COALESCE(?, last_error), last_attempt_at = IF(? = 1, NOW(6), last_attempt_at),
                    next_attempt_at = NOW(6) + INTERVAL ? MICROSECOND
                WHERE delivery_id = ?
                """, [counts ? 1 : 0, status, error.map(Self.clip), counts ? 1 : 0, Int64(max(delay, 0) * 1_000_000), delivery.id])
        case .dead(let status, let error):
            try connection.update(
                """
                UPDATE event_deliveries SET state = 'DEAD', attempts = attempts + 1, last_status = ?, last_error = ?,
                    last_attempt_at = NOW(6), finished_at = NOW(6)
                WHERE delivery_id = ?
                """, [status, Self.clip(error), delivery.id])
        }
    }

    // MARK: dead letters

    public func deadLetters(accountId: String, ruleName: String?, after: Int64?, limit: Int) throws -> [DeadLetter] {
        try connection.query(
            """
            SELECT delivery_id, event_uuid, rule_name, target_id, destination_arn, replay_name, attempts, last_status, last_error,
                UNIX_TIMESTAMP(event_time) AS event_at, UNIX_TIMESTAMP(finished_at) AS failed_at, body
            FROM event_deliveries WHERE account_id = ? AND state = 'DEAD' AND (? IS NULL OR rule_name = ?)
                AND (? IS NULL OR delivery_id > ?)
            ORDER BY delivery_id LIMIT ?
            """, [accountId, ruleName, ruleName, after, after, limit]
        ).map { row in
            DeadLetter(
                id: try row.int("delivery_id"), eventUUID: try row.string("event_uuid"), ruleName: try row.string("rule_name"),
                targetId: try row.string("target_id"), destinationArn: try row.string("destination_arn"),
                replayName: row.optionalString("replay_name"), attempts: Int(try row.int("attempts")),
                lastStatus: row["last_status"].int.map(Int.init), lastError: row.optionalString("last_error"),
                eventTime: EventRows.seconds(row, "event_at"), failedAt: EventRows.seconds(row, "failed_at"), body: try row.string("body"))
        }
    }

    public func redrive(accountId: String, ids: [Int64]?, ruleName: String?) throws -> Int {
        if let ids, ids.isEmpty { return 0 }
        let idCondition = ids.map { "delivery_id IN (\(Self.placeholders($0.count)))" } ?? "TRUE"
        // A redriven delivery starts afresh: its attempts and its age (expires_at) from now.
        return try connection.update(
            """
            UPDATE event_deliveries SET state = 'PENDING', attempts = 0, finished_at = NULL, next_attempt_at = NOW(6),
                expires_at = NOW(6) + INTERVAL TIMESTAMPDIFF(MICROSECOND, event_time, expires_at) MICROSECOND
            WHERE account_id = ? AND state = 'DEAD' AND (? IS NULL OR rule_name = ?) AND \(idCondition)
            """, [accountId, ruleName, ruleName] + (ids ?? [])
        ).affectedRows
    }

    // MARK: upkeep

    public func prune(deliveredAge: Double, deadAge: Double, busEventAge: Double, limit: Int) throws -> Int {
        var removed = 0
        removed += try connection.update(
            """
            DELETE FROM event_deliveries WHERE state = 'DELIVERED' AND finished_at < NOW(6) - INTERVAL ? MICROSECOND LIMIT ?
            """, [Int64(deliveredAge * 1_000_000), limit]
        ).affectedRows
        removed += try connection.update(
            "DELETE FROM event_deliveries WHERE state = 'DEAD' AND finished_at < NOW(6) - INTERVAL ? MICROSECOND LIMIT ?",
            [Int64(deadAge * 1_000_000), limit]
        ).affectedRows
        removed += try connection.update(
            """
            DELETE FROM bus_events WHERE routed_at IS NOT NULL AND created_at < NOW(6) - INTERVAL ? MICROSECOND
            ORDER BY event_id LIMIT ?
            """, [Int64(busEventAge * 1_000_000), limit]
        ).affectedRows
        for archive in try connection.query(
            "SELECT archive_id, retention_days FROM event_archives WHERE retention_days > 0", [])
        {
            let id = try archive.int("archive_id")
            let expired = try connection.update(
                """
                DELETE FROM event_archive_events WHERE archive_id = ? AND event_time < NOW(6) - INTERVAL ? DAY
                ORDER BY event_time LIMIT ?
                """, [id, try archive.int("retention_days"), limit]
            ).affectedRows
            guard expired > 0 else { continue }
            removed += expired
            try connection.update(
                """
                UPDATE event_archives a SET
                    event_count = (SELECT COUNT(*) FROM event_archive_events e WHERE e.archive_id = a.archive_id),
                    size_bytes = (SELECT COALESCE(SUM(LENGTH(e.body)), 0) FROM event_archive_events e WHERE e.archive_id = a.archive_id)
                WHERE a.archive_id = ?
                """, [id])
        }
        return removed
    }

    public func queueDepth() throws -> EventQueueDepth {
        let row = try connection.query(
            """
            SELECT (SELECT COUNT(*) FROM outbox_events WHERE delivered_at IS NULL) AS outbox,
                (SELECT COUNT(*) FROM bus_events WHERE routed_at IS NULL) AS unrouted,
                (SELECT COUNT(*) FROM event_deliveries WHERE state = 'PENDING') AS pending,
                (SELECT COUNT(*) FROM event_deliveries WHERE state = 'DEAD') AS dead,
                (SELECT TIMESTAMPDIFF(MICROSECOND, MIN(event_time), NOW(6)) / 1e6 FROM event_deliveries WHERE state = 'PENDING') AS age
            """, []
        ).first
        return EventQueueDepth(
            outbox: Int(row?["outbox"].int ?? 0), unrouted: Int(row?["unrouted"].int ?? 0), pending: Int(row?["pending"].int ?? 0),
            dead: Int(row?["dead"].int ?? 0), oldestPendingAge: row.map { EventRows.seconds($0, "age") } ?? 0)
    }

    // MARK: rows

    static func busEvent(_ row: Row) throws -> BusEvent {
        BusEvent(
            sequence: try row.int("event_id"), accountId: try row.string("account_id"), busName: try row.string("bus_name"),
            uuid: try row.string("event_uuid"), source: try row.string("source"), detailType: try row.string("detail_type"),
            body: try row.string("body"), createdAt: EventRows.seconds(row, "created"))
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// last_error holds 1024 characters.
    static func clip(_ text: String) -> String { text.count > 1000 ? String(text.prefix(1000)) + "…" : text }
}
