import FormatKit

/// Compiles one pattern field's array of match values (`["a", 5, null, {"prefix": "x"}]`) into
/// `ValueMatcher`s, refusing what EventBridge refuses with its reasons ("prefix match pattern
/// must be a string", "Unrecognized match type NUMERIC"). Operator names are case-sensitive.
enum MatchValueCompiler {
    static func compile(_ items: [OrderedJSON]) throws(EventPatternError) -> [ValueMatcher] {
        guard !items.isEmpty else { throw EventPatternError(reason: "Empty arrays are not allowed") }
        var matchers: [ValueMatcher] = []
        for item in items {
            switch item {
            case .string(let text): matchers.append(.string(Array(text.utf8), address: IPAddress(text)))
            case .number(let text): matchers.append(.number(text: text, value: PatternNumber(jsonText: text)))
            case .bool(let flag): matchers.append(.bool(flag))
            case .null: matchers.append(.null)
            case .object(let expression): matchers.append(try compileExpression(expression))
            case .array: throw EventPatternError(reason: "Match value must be String, number, true, false, or null")
            }
        }
        return matchers
    }

    private static func compileExpression(_ expression: OrderedJSONObject) throws(EventPatternError) -> ValueMatcher {
        guard let (name, value) = expression.entries.first else {
            throw EventPatternError(reason: "Match expression name not found")
        }
        guard expression.count == 1 else { throw EventPatternError(reason: "Only one key allowed in match expression") }
        switch name {
        case "prefix":
            if case .object(let inner) = value { return .prefixIgnoringCase(try ignoringCase(inner, of: "Prefix")) }
            return .prefix(Array(try string(value, "prefix match pattern must be a string").utf8))
        case "suffix":
            if case .object(let inner) = value { return .suffixIgnoringCase(try ignoringCase(inner, of: "Suffix")) }
            return .suffix(Array(try string(value, "suffix match pattern must be a string").utf8))
        case "equals-ignore-case":
            return .equalsIgnoringCase(CaseFolding.folded(try string(value, "equals-ignore-case match pattern must be a string")))
        case "wildcard":
            return .wildcard(try WildcardPattern(parsing: try string(value, "wildcard match pattern must be a string")))
        case "anything-but":
            return .anythingBut(try AnythingButCompiler.compile(value))
        case "numeric":
            guard case .array(let terms) = value else { throw EventPatternError(reason: "Value of numeric must be an array.") }
            return .numeric(try NumericRangeCompiler.compile(terms))
        case "cidr":
            return .cidr(try CIDRRange(parsing: try string(value, "cidr match pattern must be a string")))
        case "exists":
            guard case .bool(let present) = value else {
                throw EventPatternError(reason: "exists match pattern must be either true or false.")
            }
            return .exists(present)
        default:
            throw EventPatternError(reason: "Unrecognized match type \(name)")
        }
    }

    /// `{"equals-ignore-case": "…"}` inside `prefix` or `suffix`, folded.
    private static func ignoringCase(_ inner: OrderedJSONObject, of operatorName: String) throws(EventPatternError) -> [UInt8] {
        guard let (name, value) = inner.entries.first else {
            throw EventPatternError(reason: "\(operatorName) expression name not found")
        }
        guard name == "equals-ignore-case" else {
            throw EventPatternError(reason: "Unsupported \(operatorName.lowercased()) pattern: \(name)")
        }
        guard inner.count == 1 else { throw EventPatternError(reason: "Only one key allowed in match expression") }
        return CaseFolding.folded(try string(value, "equals-ignore-case match pattern must be a string"))
    }

    private static func string(_ value: OrderedJSON, _ reason: String) throws(EventPatternError) -> String {
        guard case .string(let text) = value else { throw EventPatternError(reason: reason) }
        return text
    }
}
