/// The value of one condition key in a request's context (`aws:SourceIp`, `aws:TagKeys`, …).
///
/// A key is single-valued (one element) or multi-valued (any number of elements, like
/// `aws:TagKeys`). Each element keeps its natural type; every operator family reads the type it
/// needs: String* and Arn* read the text form (a date as `2024-05-01T12:00:00Z`, a bool as
/// `true`/`false`), Numeric* a number or numeric text, Date* a date, a number (epoch seconds) or
/// ISO 8601 / epoch text, Bool a bool or `true`/`false` text, IpAddress an IPv4/IPv6 address text.
/// A multi-valued key with no elements counts as absent (IAM's "null data set").
public struct ConditionValue: Sendable, Equatable, Hashable {
    public enum Element: Sendable, Equatable, Hashable {
        case string(String)
        case bool(Bool)
        case number(Double)
        /// Seconds since 1970-01-01T00:00:00Z.
        case date(epochSeconds: Double)
    }

    public let elements: [Element]
    public let isMultiValued: Bool

    public init(elements: [Element], isMultiValued: Bool) {
        self.elements = elements
        self.isMultiValued = isMultiValued
    }

    public static func string(_ value: String) -> ConditionValue { ConditionValue(elements: [.string(value)], isMultiValued: false) }
    /// A multi-valued key of strings, such as `aws:TagKeys`.
    public static func strings(_ values: [String]) -> ConditionValue {
        ConditionValue(elements: values.map { .string($0) }, isMultiValued: true)
    }
    public static func bool(_ value: Bool) -> ConditionValue { ConditionValue(elements: [.bool(value)], isMultiValued: false) }
    public static func number(_ value: Double) -> ConditionValue { ConditionValue(elements: [.number(value)], isMultiValued: false) }
    public static func date(epochSeconds: Double) -> ConditionValue {
        ConditionValue(elements: [.date(epochSeconds: epochSeconds)], isMultiValued: false)
    }
    /// An IP address (`aws:SourceIp`): its text, IPv4 dotted quad or IPv6.
    public static func ipAddress(_ text: String) -> ConditionValue { .string(text) }

    /// No elements: the key counts as absent.
    public var isEmpty: Bool { elements.isEmpty }

    /// The one value of a single-valued key as text (what a policy variable resolves to); nil for a
    /// multi-valued or empty key, which cannot be used as a variable.
    var variableText: String? {
        guard !isMultiValued, elements.count == 1, let element = elements.first else { return nil }
        return element.text
    }
}

extension ConditionValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: String...) { self = .strings(elements) }
}

extension ConditionValue.Element {
    /// The text form String* and Arn* operators compare.
    public var text: String {
        switch self {
        case .string(let text): text
        case .bool(let value): value ? "true" : "false"
        case .number(let value): PolicyNumber.format(value)
        case .date(let seconds): PolicyDate.format(epochSeconds: seconds)
        }
    }

    var number: Double? {
        switch self {
        case .number(let value): value
        case .string(let text): PolicyNumber.parse(text)
        case .bool, .date: nil
        }
    }

    var epochSeconds: Double? {
        switch self {
        case .date(let seconds): seconds
        case .number(let value): value
        case .string(let text): PolicyDate.parse(text)
        case .bool: nil
        }
    }

    var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let text): PolicyNumber.parseBool(text)
        case .number, .date: nil
        }
    }
}

/// Numbers and booleans as policy documents write them.
enum PolicyNumber {
    /// Decimal text: optional sign, digits, optional fraction and exponent. No hex, inf or nan.
    static func parse(_ text: String) -> Double? {
        let trimmed = text
        guard !trimmed.isEmpty,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            trimmed.contains(where: \.isNumber)
        else { return nil }
        return Double(trimmed)
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
