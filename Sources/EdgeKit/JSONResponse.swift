import FoundationEssentials
import HTTP

extension Response {
    /// A value as JSON: keys sorted, slashes unescaped, so the output is stable for clients and tests.
    public static func encoded(_ value: some Encodable, status: Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return .json(status, [UInt8](try encoder.encode(value)))
    }
}
