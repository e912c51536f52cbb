import MariaDB

/// What the EventBridge stores share: the page condition every list uses, and instants.
enum EventRows {
    /// `name` starts with the prefix (compared exactly: LIKE would read `_` as a wildcard) and
    /// sorts after the previous page's last name; binds `pageBindings`.
    static func pageCondition(_ column: String = "name") -> String {
        "(? IS NULL OR LEFT(\(column), CHAR_LENGTH(?)) = ?) AND (? IS NULL OR \(column) > ?)"
    }

    static func pageBindings(prefix: String?, after: String?) -> [any ValueConvertible] { [prefix, prefix, prefix, after, after] }

    /// A `UNIX_TIMESTAMP(…)` column as seconds since the epoch (0 when NULL).
    static func seconds(_ row: Row, _ column: String) -> Double { row[column].string.flatMap(Double.init) ?? 0 }

    static func optionalSeconds(_ row: Row, _ column: String) -> Double? { row[column].string.flatMap(Double.init) }
}
