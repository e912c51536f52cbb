import FormatKit

/// An `anything-but` filter: what it excludes. Any leaf value it does not exclude matches —
/// also one of another type (`{"anything-but": "initializing"}` matches `null` and `12`, as
/// EventBridge's own tests of TestEventPattern show); a field with no value does not.
enum AnythingBut: Sendable {
    /// `{"anything-but": "a"}`, `{"anything-but": ["a", "b"]}`.
    case strings(Set<[UInt8]>)
    /// `{"anything-but": 100}`, `{"anything-but": [100, 200]}`, compared numerically.
    case numbers(Set<PatternNumber>)
    case prefixes([[UInt8]])
    case suffixes([[UInt8]])
    /// `{"anything-but": {"equals-ignore-case": …}}`, folded.
    case ignoringCase(Set<[UInt8]>)
    case wildcards([WildcardPattern])

    func excludes(_ leaf: OrderedJSON) -> Bool {
        switch (self, leaf) {
        case (.strings(let values), .string(let text)):
            return values.contains(Array(text.utf8))
        case (.numbers(let values), .number(let text)):
            guard let value = PatternNumber(jsonText: text) else { return false }
            return values.contains(value)
        case (.prefixes(let starts), .string(let text)):
            return starts.contains { text.utf8.starts(with: $0) }
        case (.suffixes(let ends), .string(let text)):
            let reversed = Array(text.utf8.reversed())
            return ends.contains { reversed.starts(with: $0.reversed()) }
        case (.ignoringCase(let values), .string(let text)):
            return values.contains(CaseFolding.folded(text))
        case (.wildcards(let patterns), .string(let text)):
            return patterns.contains { $0.matches(text) }
        default:
            return false
        }
    }
}
