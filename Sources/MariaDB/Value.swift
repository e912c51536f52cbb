/// A value bound to a statement parameter or read from a result column.
public enum Value: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])

    public var int: Int64? {
        switch self {
        case .int(let value): value
        case .text(let text): Int64(text)
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    public var string: String? {
        switch self {
        case .text(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .null: nil
        }
    }

    public var bytes: [UInt8]? {
        switch self {
        case .bytes(let bytes): bytes
        case .text(let text): Array(text.utf8)
        default: nil
        }
    }
}

/// Swift values that bind as statement parameters.
public protocol ValueConvertible { var databaseValue: Value { get } }

extension Int: ValueConvertible { public var databaseValue: Value { .int(Int64(self)) } }
extension Int64: ValueConvertible { public var databaseValue: Value { .int(self) } }
extension UInt32: ValueConvertible { public var databaseValue: Value { .int(Int64(self)) } }
extension Double: ValueConvertible { public var databaseValue: Value { .double(self) } }
extension Bool: ValueConvertible { public var databaseValue: Value { .int(self ? 1 : 0) } }
extension String: ValueConvertible { public var databaseValue: Value { .text(self) } }
extension Array: ValueConvertible where Element == UInt8 { public var databaseValue: Value { .bytes(self) } }
extension Value: ValueConvertible { public var databaseValue: Value { self } }
extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    public var databaseValue: Value { self?.databaseValue ?? .null }
}

/// One result row. Column names are shared by all rows of a result.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [Value]

    public subscript(column: String) -> Value {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// The column's value, or a `MariaDBError` naming the column when it is NULL or of another kind.
    public func string(_ column: String) throws -> String {
        guard let value = self[column].string else { throw MariaDBError.column(column, "is NULL or not text") }
        return value
    }

    public func int(_ column: String) throws -> Int64 {
        guard let value = self[column].int else { throw MariaDBError.column(column, "is NULL or not an integer") }
        return value
    }

    public func bytes(_ column: String) throws -> [UInt8] {
        guard let value = self[column].bytes else { throw MariaDBError.column(column, "is NULL or not bytes") }
        return value
    }

    public func optionalString(_ column: String) -> String? { self[column].string }
}

public struct ExecuteResult: Sendable {
    public let affectedRows: Int
    public let lastInsertID: Int
}
