import FoundationEssentials

/// The EventBridge tables keep small structured values (a target's HTTP parameters and
/// InputPathsMap, a connection's parameters, a replay's rule filter) as JSON text: written here,
/// read back here. A stored value that no longer reads is the server's problem (InternalServer).
public enum StoredJSON {
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func value<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw ServiceError(.internalServer, "A stored \(T.self) could not be read: \(error)")
        }
    }
}
