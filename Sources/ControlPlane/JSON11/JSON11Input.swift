import FormatKit

/// A JSON 1.1 request body (or a structure inside it), read member by member with the types
/// the model gives them. A member of another type is a SerializationException, as AWS answers;
/// null reads as absent. Constraints (lengths, patterns, ranges) are the operation's to check.
public struct JSON11Input: Sendable {
    public let object: OrderedJSONObject
    /// Where this structure sits in the request (`Targets[1].`), for messages.
    public let path: String

    public init(_ object: OrderedJSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// Parses a body: `{}` when empty; anything but a JSON object is refused.
    public init(body: [UInt8]) throws {
        guard !body.isEmpty else {
            self.init(OrderedJSONObject())
            return
        }
        guard let parsed = try? OrderedJSON.parse(body), case .object(let object) = parsed else {
            throw JSON11Error.serialization("The request body is not a JSON object.")
        }
        self.init(object)
    }

    public var isEmpty: Bool { object.isEmpty }

    public func has(_ key: String) -> Bool { value(key) != nil }

    private func value(_ key: String) -> OrderedJSON? {
        guard let found = object[key], found != .null else { return nil }
        return found
    }

    private func mismatch(_ key: String, _ expected: String) -> JSON11Error {
        .serialization("\(path)\(key) must be \(expected).")
    }

    public func string(_ key: String) throws -> String? {
        guard let found = value(key) else { return nil }
        guard case .string(let text) = found else { throw mismatch(key, "a string") }
        return text
    }

    public func int(_ key: String) throws -> Int? {
        guard let found = value(key) else { return nil }
        guard case .number(let text) = found, let number = Int(text) else { throw mismatch(key, "an integer") }
        return number
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let found = value(key) else { return nil }
        guard case .bool(let flag) = found else { throw mismatch(key, "a boolean") }
        return flag
    }

    /// A timestamp: seconds since the epoch, as botocore sends them for this protocol.
    public func timestamp(_ key: String) throws -> Double? {
        guard let found = value(key) else { return nil }
        guard case .number(let text) = found, let seconds = Double(text), seconds.isFinite else {
            throw mismatch(key, "a timestamp (seconds since the epoch)")
        }
        return seconds
    }

    public func structure(_ key: String) throws -> JSON11Input? {
        guard let found = value(key) else { return nil }
        guard case .object(let inner) = found else { throw mismatch(key, "a structure") }
        return JSON11Input(inner, path: path + key + ".")
    }

    public func structures(_ key: String) throws -> [JSON11Input]? {
        guard let found = value(key) else { return nil }
        guard case .array(let items) = found else { throw mismatch(key, "a list") }
        return try items.enumerated().map { index, item in
            guard case .object(let inner) = item else { throw mismatch("\(key)[\(index)]", "a structure") }
            return JSON11Input(inner, path: "\(path)\(key)[\(index)].")
        }
    }

    public func strings(_ key: String) throws -> [String]? {
        guard let found = value(key) else { return nil }
        guard case .array(let items) = found else { throw mismatch(key, "a list") }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else { throw mismatch("\(key)[\(index)]", "a string") }
            return text
        }
    }

    /// A map of strings to strings, keys in the order sent.
    public func stringMap(_ key: String) throws -> [(key: String, value: String)]? {
        guard let found = value(key) else { return nil }
        guard case .object(let map) = found else { throw mismatch(key, "a map") }
        return try map.entries.map { entry in
            guard case .string(let text) = entry.value else { throw mismatch("\(key).\(entry.key)", "a string") }
            return (entry.key, text)
        }
    }
}
