import ControlPlane
import GranaryCore

/// The model's constraints on members (lengths, patterns, ranges), with AWS's wording:
/// "1 validation error detected: Value 'x' at 'Name' failed to satisfy constraint: …".
enum EventsValidation {
    /// RuleName, ConnectionName, ApiDestinationName, ArchiveName, ReplayName, TargetId.
    static let namePattern = "[\\.\\-_A-Za-z0-9]+"

    static func failure(_ value: String?, _ member: String, _ constraint: String) -> ServiceError {
        let shown = value.map { "'\(String($0.prefix(256)))'" } ?? "null"
        return ServiceError.validation("1 validation error detected: Value \(shown) at '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func required<T>(_ value: T?, _ member: String) throws -> T {
        guard let value else { throw failure(nil, member, "Member must not be null") }
        return value
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// A required name of 1 to `max` characters of `namePattern`.
    static func name(_ value: String?, _ member: String, max: Int = 64) throws -> String {
        try optionalName(required(value, member), member, max: max)!
    }

    static func optionalName(_ value: String?, _ member: String, max: Int = 64) throws -> String? {
        guard let value else { return nil }
        try length(value, member, 1...max)
        guard value.utf8.allSatisfy(isNameCharacter) else {
            throw failure(value, member, "Member must satisfy regular expression pattern: \(namePattern)")
        }
        return value
    }

    @discardableResult
    static func length(_ value: String, _ member: String, _ range: ClosedRange<Int>) throws -> String {
        let count = value.utf16.count
        if count < range.lowerBound {
            throw failure(value, member, "Member must have length greater than or equal to \(range.lowerBound)")
        }
        if count > range.upperBound {
            throw failure(value, member, "Member must have length less than or equal to \(range.upperBound)")
        }
        return value
    }

    /// Descriptions and other free text of at most `max` characters.
    static func text(_ value: String?, _ member: String, max: Int = 512) throws -> String? {
        guard let value else { return nil }
        return try length(value, member, 0...max)
    }

    static func range(_ value: Int?, _ member: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let value else { return nil }
        if value < range.lowerBound {
            throw failure(String(value), member, "Member must have value greater than or equal to \(range.lowerBound)")
        }
        if value > range.upperBound {
            throw failure(String(value), member, "Member must have value less than or equal to \(range.upperBound)")
        }
        return value
    }

    static func oneOf(_ value: String?, _ member: String, _ allowed: [String]) throws -> String? {
        guard let value else { return nil }
        guard allowed.contains(value) else {
            throw failure(value, member, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return value
    }

    /// `Limit` of a list: 1 to 100, 100 when absent.
    static func limit(_ input: JSON11Input) throws -> Int {
        try range(input.int("Limit"), "Limit", 1...100) ?? 100
    }

    /// `NextToken`: 1 to 2048 characters (its content is checked by `JSON11Call.cursor`).
    static func nextToken(_ input: JSON11Input) throws -> String? {
        guard let token = try input.string("NextToken") else { return nil }
        return try length(token, "NextToken", 1...2048)
    }
}
