/// A JSON value as npm documents need it: objects keep their key order (a packument reads the way
/// it was written) and numbers keep their source text (a manifest's numbers round-trip exactly),
/// which Foundation's `JSONSerialization` gives neither of. `Sendable`, unlike `[String: Any]`.
public enum NpmJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's JSON text, as parsed or as written by `NpmJSON.number(_:)`.
    case number(String)
    case string(String)
    case array([NpmJSON])
    case object(NpmJSONObject)

    public static func number(_ value: Int) -> NpmJSON { .number(String(value)) }

    /// Parses one JSON document (RFC 8259, UTF-8, optional BOM not accepted).
    public static func parse(_ bytes: [UInt8]) throws -> NpmJSON {
        try bytes.withUnsafeBytes { buffer in
            var parser = NpmJSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws -> NpmJSON { try parse(Array(text.utf8)) }

    public subscript(key: String) -> NpmJSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: NpmJSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var arrayValue: [NpmJSON]? {
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
        var writer = NpmJSONWriter()
        writer.write(self)
        return writer.bytes
    }
}

/// A JSON object with its keys in insertion order and O(1) lookup. Setting an existing key keeps
/// its position; a duplicate key while parsing behaves like `JSON.parse` (last value wins).
public struct NpmJSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: NpmJSON] = [:]

    public init() {}

    public init(_ entries: [(String, NpmJSON)]) {
        for (key, value) in entries { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> NpmJSON? {
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
    public var entries: [(key: String, value: NpmJSON)] { keys.map { ($0, values[$0]!) } }

    public static func == (lhs: NpmJSONObject, rhs: NpmJSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }
}
