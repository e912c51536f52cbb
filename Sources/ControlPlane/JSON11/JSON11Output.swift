import FormatKit

/// A JSON 1.1 response body (or a structure in it), built member by member; absent optionals
/// are left out, as AWS leaves them out.
public struct JSON11Output: Sendable {
    public private(set) var object = OrderedJSONObject()

    public init() {}

    public subscript(key: String) -> String? {
        get { object[key]?.stringValue }
        set { object[key] = newValue.map(OrderedJSON.string) }
    }

    public mutating func set(_ key: String, _ value: Int?) { object[key] = value.map(OrderedJSON.number) }

    public mutating func set(_ key: String, _ value: Int64?) { object[key] = value.map { .number(String($0)) } }

    public mutating func set(_ key: String, _ value: Bool?) { object[key] = value.map(OrderedJSON.bool) }

    /// A timestamp as seconds since the epoch (what botocore parses for this protocol).
    public mutating func set(_ key: String, seconds: Double?) {
        object[key] = seconds.map { .number(Self.number($0)) }
    }

    public mutating func set(_ key: String, _ value: JSON11Output?) { object[key] = value.map { .object($0.object) } }

    public mutating func set(_ key: String, _ values: [JSON11Output]?) { object[key] = values.map { .array($0.map { .object($0.object) }) } }

    public mutating func set(_ key: String, strings: [String]?) { object[key] = strings.map { .array($0.map(OrderedJSON.string)) } }

    public mutating func set(_ key: String, map: [(String, String)]?) {
        object[key] = map.map { .object(OrderedJSONObject($0.map { ($0.0, OrderedJSON.string($0.1)) })) }
    }

    /// A page of a List operation: the items under `key`, and NextToken when there are more.
    public static func page(_ key: String, _ items: [JSON11Output], next: String?) -> JSON11Output {
        var out = JSON11Output()
        out.set(key, items)
        out["NextToken"] = next
        return out
    }

    /// Whole seconds without a fraction, else milliseconds.
    static func number(_ seconds: Double) -> String {
        let millis = (seconds * 1000).rounded()
        if millis.truncatingRemainder(dividingBy: 1000) == 0 { return String(Int64(millis / 1000)) }
        let whole = Int64((millis / 1000).rounded(.down))
        let fraction = Int64(millis) - whole * 1000
        return "\(whole)." + String(String(fraction + 1000).dropFirst())
    }
}
