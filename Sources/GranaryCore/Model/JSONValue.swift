/// Any JSON value, for documents whose shape is checked by hand (policy documents).
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A string or an array of strings, as IAM writes Action, Resource and the like; nil otherwise.
    public var stringList: [String]? {
        switch self {
        case .string(let text): [text]
        case .array(let items):
            items.allSatisfy { $0.stringValue != nil } && !items.isEmpty ? items.compactMap(\.stringValue) : nil
        default: nil
        }
    }
}
