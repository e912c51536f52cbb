import FormatKit

/// One element of a pattern field's array (`"state": ["running", {"prefix": "run"}]`): a test of
/// one leaf value of the event (a string, number, boolean or null; arrays are tried element by
/// element by the caller). `exists` is decided by the caller from whether any leaf value is there.
enum ValueMatcher: Sendable {
    /// An exact string; `address` when the string is an IP address, which then also matches the
    /// same address written another way.
    case string([UInt8], address: IPAddress?)
    /// An exact number: numerically equal (within EventBridge's range and precision) or, for a
    /// number outside it (an account id), equal as written.
    case number(text: String, value: PatternNumber?)
    case bool(Bool)
    case null
    case prefix([UInt8])
    case prefixIgnoringCase([UInt8])
    case suffix([UInt8])
    case suffixIgnoringCase([UInt8])
    case equalsIgnoringCase([UInt8])
    case wildcard(WildcardPattern)
    case numeric(NumericRange)
    case cidr(CIDRRange)
    case anythingBut(AnythingBut)
    case exists(Bool)

    /// Whether `leaf` (never an object or array) satisfies this matcher.
    func matches(_ leaf: OrderedJSON) -> Bool {
        switch (self, leaf) {
        case (.string(let expected, let address), .string(let text)):
            if text.utf8.elementsEqual(expected) { return true }
            guard let address else { return false }
            return IPAddress(text) == address
        case (.number(let written, let value), .number(let text)):
            if let value, let actual = PatternNumber(jsonText: text) { return value == actual }
            return written == text
        case (.bool(let expected), .bool(let actual)):
            return expected == actual
        case (.null, .null):
            return true
        case (.prefix(let start), .string(let text)):
            return text.utf8.starts(with: start)
        case (.prefixIgnoringCase(let start), .string(let text)):
            return CaseFolding.folded(text).starts(with: start)
        case (.suffix(let end), .string(let text)):
            return text.utf8.reversed().starts(with: end.reversed())
        case (.suffixIgnoringCase(let end), .string(let text)):
            return CaseFolding.folded(text).reversed().starts(with: end.reversed())
        case (.equalsIgnoringCase(let expected), .string(let text)):
            return CaseFolding.folded(text) == expected
        case (.wildcard(let pattern), .string(let text)):
            return pattern.matches(text)
        case (.numeric(let range), .number(let text)):
            guard let value = PatternNumber(jsonText: text) else { return false }
            return range.contains(value)
        case (.cidr(let range), .string(let text)):
            return range.contains(text)
        case (.anythingBut(let excluded), _):
            return !excluded.excludes(leaf)
        case (.exists(let present), _):
            return present
        default:
            return false
        }
    }

    var isWildcard: Bool {
        switch self {
        case .wildcard: true
        case .anythingBut(.wildcards): true
        default: false
        }
    }
}
