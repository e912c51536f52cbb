import FormatKit

/// An EventBridge event pattern (a rule's `EventPattern`, TestEventPattern's), validated as
/// PutRule validates it and matched with EventBridge's semantics: exact strings, numbers,
/// booleans and null (`[null]` matches a null value, not an absent field; `[""]` only the empty
/// string), arrays matching on overlap, `prefix`, `suffix` (each also with `equals-ignore-case`),
/// `equals-ignore-case`, `wildcard`, `anything-but` (a value, a list, or its `prefix`, `suffix`,
/// `equals-ignore-case` and `wildcard` forms), `numeric` ranges, `cidr` (IPv4 and IPv6), `exists`
/// (leaf fields only) and `$or`. See `PatternEvaluator` for how an event is matched.
///
/// Hostile text is bounded before it is parsed: at most `maximumLength` characters (EventBridge's
/// default quota, "Event pattern size: 2,048 characters"; its API allows 4,096 when raised), at
/// most `OrderedJSONParser.maximumDepth` levels of nesting, at most 1,000 `$or` combinations.
public struct EventPattern: Sendable {
    /// EventBridge's default quota on the size of an event pattern, in characters.
    public static let maximumLength = 2048

    /// The text the pattern was parsed from.
    public let text: String
    /// Whether the pattern uses `wildcard` (plain or under `anything-but`); EventBridge limits
    /// rules with wildcards to 30 per event bus.
    public let containsWildcard: Bool
    private let root: PatternObject

    /// Throws `EventPatternError` whose `message` reads like EventBridge's
    /// InvalidEventPatternException message.
    public init(parsing text: String) throws(EventPatternError) {
        try self.init(parsing: text, maximumLength: Self.maximumLength)
    }

    /// As `init(parsing:)`, with another limit on the length (for a raised quota; characters
    /// are counted as EventBridge counts them, in UTF-16 code units).
    public init(parsing text: String, maximumLength: Int) throws(EventPatternError) {
        guard text.utf16.count <= maximumLength else {
            throw EventPatternError(reason: "Event pattern is longer than \(maximumLength) characters")
        }
        let parsed: OrderedJSON
        do {
            parsed = try OrderedJSON.parse(text)
        } catch let failure as OrderedJSONError {
            throw EventPatternError(reason: failure.message)
        } catch {
            throw EventPatternError(reason: "The pattern is not JSON")
        }
        var compiler = PatternCompiler()
        root = try compiler.compile(parsed)
        containsWildcard = compiler.containsWildcard
        self.text = text
    }

    /// Whether `event` (a JSON object; anything else never matches) satisfies the pattern.
    public func matches(_ event: OrderedJSON) -> Bool {
        let prepared = DottedKeys.occur(in: event) ? DottedKeys.expanded(event) : event
        return PatternEvaluator.matches(root, event: prepared)
    }
}
