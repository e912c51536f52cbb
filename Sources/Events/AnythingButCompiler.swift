import FormatKit

/// Compiles the value of `anything-but`: a string or number, a list of only strings or only
/// numbers, or an object naming one of `prefix`, `suffix`, `equals-ignore-case`, `wildcard` with a
/// string or a list of strings. Refusals carry EventBridge's reasons.
enum AnythingButCompiler {
    static func compile(_ value: OrderedJSON) throws(EventPatternError) -> AnythingBut {
        switch value {
        case .string(let text):
            return .strings([Array(text.utf8)])
        case .number(let text):
            return .numbers([try number(text)])
        case .array(let items):
            return try list(items)
        case .object(let object):
            return try operatorForm(object)
        case .bool, .null:
            throw EventPatternError(reason: "Value of anything-but must be an array or single string/number value.")
        }
    }

    private static func list(_ items: [OrderedJSON]) throws(EventPatternError) -> AnythingBut {
        var strings: Set<[UInt8]> = []
        var numbers: Set<PatternNumber> = []
        for item in items {
            switch item {
            case .string(let text): strings.insert(Array(text.utf8))
            case .number(let text): numbers.insert(try number(text))
            default: throw EventPatternError(reason: "Inside anything but list, start|null|boolean is not supported.")
            }
        }
        guard strings.isEmpty != numbers.isEmpty else {
            throw EventPatternError(
                reason: "Inside anything but list, either all values are number or string, mixed type is not supported")
        }
        return strings.isEmpty ? .numbers(numbers) : .strings(strings)
    }

    private static func operatorForm(_ object: OrderedJSONObject) throws(EventPatternError) -> AnythingBut {
        guard let (name, value) = object.entries.first else {
            throw EventPatternError(reason: "Anything-But expression name not found")
        }
        guard ["prefix", "suffix", "equals-ignore-case", "wildcard"].contains(name) else {
            throw EventPatternError(reason: "Unsupported anything-but pattern: \(name)")
        }
        guard object.count == 1 else { throw EventPatternError(reason: "Only one key allowed in match expression") }
        let texts: [String]
        switch value {
        case .string(let text):
            texts = [text]
        case .array(let items):
            guard !items.isEmpty else { throw EventPatternError(reason: "Empty arrays are not allowed") }
            texts = try items.map { (item) throws(EventPatternError) -> String in
                guard case .string(let text) = item else { throw typeError(name) }
                return text
            }
        case .number:
            throw typeError(name)
        case .bool, .null, .object:
            throw EventPatternError(reason: "Value of anything-but must be an array or single string/number value.")
        }
        switch name {
        case "prefix":
            return .prefixes(try nonEmpty(texts).map { Array($0.utf8) })
        case "suffix":
            return .suffixes(try nonEmpty(texts).map { Array($0.utf8) })
        case "equals-ignore-case":
            return .ignoringCase(Set(texts.map(CaseFolding.folded)))
        default:
            return .wildcards(try texts.map { (text) throws(EventPatternError) in try WildcardPattern(parsing: text) })
        }
    }

    private static func typeError(_ name: String) -> EventPatternError {
        switch name {
        case "equals-ignore-case":
            EventPatternError(reason: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")
        case "wildcard":
            EventPatternError(reason: "wildcard match pattern must be a string")
        default:
            EventPatternError(reason: "prefix/suffix match pattern must be a string")
        }
    }

    private static func nonEmpty(_ texts: [String]) throws(EventPatternError) -> [String] {
        guard !texts.contains(where: \.isEmpty) else { throw EventPatternError(reason: "Null prefix/suffix not allowed") }
        return texts
    }

    private static func number(_ text: String) throws(EventPatternError) -> PatternNumber {
        guard let value = PatternNumber(jsonText: text) else {
            throw EventPatternError(reason: "Value of anything-but must be \(PatternNumber.rangeDescription): \(text)")
        }
        return value
    }
}
