import GranaryCore
import MariaDB

/// Rules and their targets (sql/0014 `event_rules`, `event_targets`).
public final class MariaDBEventRuleStore: EventRuleStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    static let columns = """
        rule_id, account_id, bus_name, name, event_pattern, state, description, role_arn, UNIX_TIMESTAMP(created_at) AS created
        """

    public func rule(accountId: String, bus: String, name: String) throws -> EventRule? {
        try connection.query(
            "SELECT \(Self.columns) FROM event_rules WHERE account_id = ? AND bus_name = ? AND name = ?", [accountId, bus, name]
        ).first.map(Self.rule)
    }

    public func lockRule(accountId: String, bus: String, name: String) throws -> EventRule? {
        try connection.query(
            "SELECT \(Self.columns) FROM event_rules WHERE account_id = ? AND bus_name = ? AND name = ? FOR UPDATE", [accountId, bus, name]
        ).first.map(Self.rule)
    }

    public func insertRule(_ rule: EventRule) throws {
        _ = try connection.insert(
            """
            INSERT INTO event_rules (account_id, bus_name, name, event_pattern, state, description, role_arn)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [rule.accountId, rule.busName, rule.name, rule.eventPattern, rule.state.rawValue, rule.description, rule.roleArn])
    }

    public func updateRule(_ rule: EventRule) throws {
        try connection.update(
            """
            UPDATE event_rules SET event_pattern = ?, state = ?, description = ?, role_arn = ?, updated_at = CURRENT_TIMESTAMP(6)
            WHERE rule_id = ?
            """,
            [rule.eventPattern, rule.state.rawValue, rule.description, rule.roleArn, rule.id])
    }

    public func deleteRule(id: Int64) throws {
        try connection.update("DELETE FROM event_rules WHERE rule_id = ?", [id])
    }

    public func rules(accountId: String, bus: String, namePrefix: String?, after: String?, limit: Int) throws -> [EventRule] {
        try connection.query(
            """
            SELECT \(Self.columns) FROM event_rules WHERE account_id = ? AND bus_name = ? AND \(EventRows.pageCondition())
            ORDER BY name LIMIT ?
            """, [accountId, bus] + EventRows.pageBindings(prefix: namePrefix, after: after) + [limit]
        ).map(Self.rule)
    }

    static func rule(_ row: Row) throws -> EventRule {
        EventRule(
            id: try row.int("rule_id"), accountId: try row.string("account_id"), busName: try row.string("bus_name"),
            name: try row.string("name"), eventPattern: try row.string("event_pattern"),
            state: EventRule.State(rawValue: try row.string("state")) ?? .disabled, description: row.optionalString("description"),
            roleArn: row.optionalString("role_arn"), createdAt: EventRows.seconds(row, "created"))
    }

    // MARK: targets

    static let targetColumns = """
        target_id, arn, role_arn, input_kind, input, input_path, input_paths_map, input_template, http_parameters,
        maximum_retry_attempts, maximum_event_age_seconds
        """

    public func targets(ruleId: Int64, after: String?, limit: Int) throws -> [EventTarget] {
        try connection.query(
            """
            SELECT \(Self.targetColumns) FROM event_targets WHERE rule_id = ? AND (? IS NULL OR target_id > ?)
            ORDER BY target_id LIMIT ?
            """, [ruleId, after, after, limit]
        ).map(Self.target)
    }

    public func targetIds(ruleId: Int64) throws -> [String] {
        try connection.query("SELECT target_id FROM event_targets WHERE rule_id = ? ORDER BY target_id", [ruleId])
            .map { try $0.string("target_id") }
    }

    public func putTarget(_ target: EventTarget, ruleId: Int64) throws {
        var kind = "EVENT"
        var input: String?, path: String?, paths: String?, template: String?
        switch target.input {
        case .wholeEvent: break
        case .constant(let text): (kind, input) = ("INPUT", text)
        case .path(let text): (kind, path) = ("INPUT_PATH", text)
        case .transformer(let map, let text): (kind, paths, template) = ("INPUT_TRANSFORMER", try StoredJSON.text(map), text)
        }
        let http = try target.httpParameters.map(StoredJSON.text)
        try connection.update(
            """
            REPLACE INTO event_targets (rule_id, target_id, arn, role_arn, input_kind, input, input_path, input_paths_map,
                input_template, http_parameters, maximum_retry_attempts, maximum_event_age_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [ruleId, target.id, target.arn, target.roleArn, kind, input, path, paths, template, http,
             target.retryPolicy?.maximumRetryAttempts, target.retryPolicy?.maximumEventAgeSeconds])
    }

    public func deleteTarget(id: String, ruleId: Int64) throws -> Bool {
        try connection.update("DELETE FROM event_targets WHERE rule_id = ? AND target_id = ?", [ruleId, id]).affectedRows > 0
    }

    public func ruleNames(accountId: String, bus: String, targetArn: String, after: String?, limit: Int) throws -> [String] {
        try connection.query(
            """
            SELECT DISTINCT r.name FROM event_rules r JOIN event_targets t ON t.rule_id = r.rule_id
            WHERE r.account_id = ? AND r.bus_name = ? AND t.arn = ? AND (? IS NULL OR r.name > ?) ORDER BY r.name LIMIT ?
            """, [accountId, bus, targetArn, after, after, limit]
        ).map { try $0.string("name") }
    }

    static func target(_ row: Row) throws -> EventTarget {
        let input: EventTarget.Input
        switch try row.string("input_kind") {
        case "INPUT": input = .constant(try row.string("input"))
        case "INPUT_PATH": input = .path(try row.string("input_path"))
        case "INPUT_TRANSFORMER":
            input = .transformer(
                pathsMap: try StoredJSON.value([String: String].self, try row.string("input_paths_map")),
                template: try row.string("input_template"))
        default: input = .wholeEvent
        }
        let attempts = row["maximum_retry_attempts"].int.map(Int.init)
        let age = row["maximum_event_age_seconds"].int.map(Int.init)
        return EventTarget(
            id: try row.string("target_id"), arn: try row.string("arn"), roleArn: row.optionalString("role_arn"), input: input,
            httpParameters: try row.optionalString("http_parameters").map { try StoredJSON.value(EventTarget.HttpParameters.self, $0) },
            retryPolicy: attempts == nil && age == nil ? nil : EventTarget.RetryPolicy(maximumRetryAttempts: attempts, maximumEventAgeSeconds: age))
    }
}
