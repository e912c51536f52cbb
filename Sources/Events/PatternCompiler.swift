import FormatKit

/// Turns a parsed event pattern into a `PatternObject`, refusing what EventBridge refuses, with
/// its reasons: a pattern is a non-empty object whose members are objects (descend) or non-empty
/// arrays of match values, plus `$or` arrays of at least two objects; no more than 1000
/// combinations of `$or` alternatives ("APIs that accept an event pattern … will throw an
/// InvalidEventPatternException if the use of $or results in over 1000 rule combinations").
struct PatternCompiler {
    static let maximumCombinations = 1000

    /// Names that may not be fields inside `$or` (EventBridge's matcher keeps them for operators).
    static let reservedInsideOr: Set<String> = [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
        "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    ]

    /// Whether a `wildcard` or `anything-but` `wildcard` filter was seen (EventBridge counts
    /// rules with wildcards against a quota of their own).
    private(set) var containsWildcard = false

    mutating func compile(_ root: OrderedJSON) throws(EventPatternError) -> PatternObject {
        guard case .object(let object) = root else { throw EventPatternError(reason: "Filter is not an object") }
        let compiled = try compileObject(object, insideOr: false)
        if Self.combinations(compiled) > Self.maximumCombinations {
            throw EventPatternError(
                reason: "The $or operators combine into more than \(Self.maximumCombinations) rules; use fewer alternatives")
        }
        return compiled
    }

    private mutating func compileObject(_ object: OrderedJSONObject, insideOr: Bool) throws(EventPatternError) -> PatternObject {
        guard !object.isEmpty else { throw EventPatternError(reason: "Empty objects are not allowed") }
        var compiled = PatternObject()
        for (key, value) in object.entries {
            if key == "$or" {
                compiled.orGroups.append(try compileOr(value))
                continue
            }
            if insideOr, Self.reservedInsideOr.contains(key) {
                throw EventPatternError(reason: "\(key) is Ruler reserved fieldName which cannot be used inside $or.")
            }
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...]
            switch value {
            case .object(let child):
                compiled.mergeObject(try compileObject(child, insideOr: insideOr), at: path)
            case .array(let items):
                let matchers = try MatchValueCompiler.compile(items)
                containsWildcard = containsWildcard || matchers.contains(where: \.isWildcard)
                compiled.setValues(matchers, at: path)
            default:
                throw EventPatternError(reason: "\"\(key)\" must be an object or an array")
            }
        }
        return compiled
    }

    private mutating func compileOr(_ value: OrderedJSON) throws(EventPatternError) -> [PatternObject] {
        guard case .array(let items) = value else {
            throw EventPatternError(reason: "It must be an Array followed with $or.")
        }
        var alternatives: [PatternObject] = []
        for item in items {
            guard case .object(let object) = item else {
                throw EventPatternError(reason: "Only JSON object is allowed in array of $or relationship.")
            }
            alternatives.append(try compileObject(object, insideOr: true))
        }
        guard alternatives.count >= 2 else {
            throw EventPatternError(reason: "There must have at least 2 Objects in $or relationship.")
        }
        return alternatives
    }

    /// How many plain rules the `$or`s expand into, saturating just past the limit.
    static func combinations(_ object: PatternObject) -> Int {
        let cap = maximumCombinations + 1
        var total = 1
        for (_, field) in object.entries {
            if let child = field.object { total = min(total * combinations(child), cap) }
        }
        for group in object.orGroups {
            let sum = group.reduce(0) { min($0 + combinations($1), cap) }
            total = min(total * sum, cap)
        }
        return total
    }
}
