/// A JSON value that keeps what package documents need kept: objects keep their key order (an npm
/// packument reads the way it was written) and numbers keep their source text (a manifest's
/// numbers round-trip exactly), which Foundation's `JSONSerialization` gives neither of.
/// `Sendable`, unlike `[String: Any]`. Parse errors are `OrderedJSONError`.
public enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's JSON text, as parsed or as written by `OrderedJSON.number(_:)`.
    case number(String)
    case string(String)
    case array([OrderedJSON])
    case object(OrderedJSONObject)

    public static func number(_ value: Int) -> OrderedJSON { .number(String(value)) }

    /// Parses one JSON document (RFC 8259, UTF-8, optional BOM not accepted).
    /// Throws `OrderedJSONError`.
    public static func parse(_ bytes: [UInt8]) throws -> OrderedJSON {
        try bytes.withUnsafeBytes { buffer in
            var parser = OrderedJSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws -> OrderedJSON { try parse(Array(text.utf8)) }

    public subscript(key: String) -> OrderedJSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: OrderedJSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var arrayValue: [OrderedJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number as an integer when its text is one (`456`, not `4.5e2`).
    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// Compact UTF-8 JSON, keys in their stored order.
    public func serialized() -> [UInt8] {
        var writer = OrderedJSONWriter()
        writer.write(self)
        return writer.bytes
    }
}

/// A JSON object with its keys in insertion order and O(1) lookup. Setting an existing key keeps
/// its position; a duplicate key while parsing behaves like `JSON.parse` (last value wins).
public struct OrderedJSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: OrderedJSON] = [:]

    public init() {}

    public init(_ entries: [(String, OrderedJSON)]) {
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> OrderedJSON? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Key-value pairs in order.
    public var entries: [(key: String, value: OrderedJSON)] { keys.map { ($0, values[$0]!) } }

    public static func == (lhs: OrderedJSONObject, rhs: OrderedJSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}
