import FormatKit

/// Compiles the array of `numeric`: `["=", n]`, `[">" | ">=", n]`, `["<" | "<=", n]` or
/// `[">" | ">=", low, "<" | "<=", high]`, numbers within EventBridge's range, refusing the rest
/// with EventBridge's reasons ("Bad numeric range operator: >").
enum NumericRangeCompiler {
    static func compile(_ terms: [OrderedJSON]) throws(EventPatternError) -> NumericRange {
        guard case .string(let first)? = terms.first else {
            throw EventPatternError(reason: "Invalid member in numeric match: \(terms.first.map(describe) ?? "]")")
        }
        let firstValue = try operand(terms, at: 1, of: first)
        switch first {
        case "=":
            try expectEnd(terms, after: 2)
            let end = NumericRange.End(value: firstValue, inclusive: true)
            return NumericRange(lower: end, upper: end)
        case "<", "<=":
            try expectEnd(terms, after: 2)
            return NumericRange(lower: nil, upper: .init(value: firstValue, inclusive: first == "<="))
        case ">", ">=":
            let lower = NumericRange.End(value: firstValue, inclusive: first == ">=")
            guard terms.count > 2 else { return NumericRange(lower: lower, upper: nil) }
            guard case .string(let second) = terms[2] else {
                throw EventPatternError(reason: "Bad value in numeric range: \(describe(terms[2]))")
            }
            guard second == "<" || second == "<=" else {
                throw EventPatternError(reason: "Bad numeric range operator: \(second)")
            }
            let upperValue = try operand(terms, at: 3, of: second)
            guard terms.count == 4 else { throw EventPatternError(reason: "Too many terms in numeric range expression") }
            guard firstValue < upperValue else { throw EventPatternError(reason: "Bottom must be less than top") }
            return NumericRange(lower: lower, upper: .init(value: upperValue, inclusive: second == "<="))
        default:
            throw EventPatternError(reason: "Unrecognized numeric range operator: \(first)")
        }
    }

    private static func operand(_ terms: [OrderedJSON], at index: Int, of operatorName: String) throws(EventPatternError) -> PatternNumber {
        guard index < terms.count, case .number(let text) = terms[index] else {
            throw EventPatternError(reason: "Value of \(operatorName) must be numeric")
        }
        guard let value = PatternNumber(jsonText: text) else {
            throw EventPatternError(reason: "Value of \(operatorName) must be \(PatternNumber.rangeDescription)")
        }
        return value
    }

    private static func expectEnd(_ terms: [OrderedJSON], after count: Int) throws(EventPatternError) {
        guard terms.count == count else { throw EventPatternError(reason: "Too many elements in numeric expression") }
    }

    private static func describe(_ value: OrderedJSON) -> String {
        String(decoding: value.serialized().prefix(64), as: UTF8.self)
    }
}
