/// One test of a statement's Condition: an operator, a condition key and the policy's values for
/// it, e.g. `"StringLike": {"aws:userid": ["AIDA*", "AROA*"]}` is one clause with two values.
/// A statement's clauses are ANDed; a clause's values are ORed (NORed for a negated operator).
public struct ConditionClause: Sendable, Equatable {
    /// A policy value, parsed for its operator's family when the document is parsed.
    enum Operand: Sendable, Equatable {
        case text(PolicyText)
        case number(Double)
        case date(Double)
        case network(CIDRBlock)
        case flag(Bool)
    }

    public let conditionOperator: ConditionOperator
    /// The key as written (`aws:SourceIp`); compared case-insensitively.
    public let key: String
    let operands: [Operand]

    /// Parses the values of one key under one operator. `variables` is whether the policy's Version
    /// enables policy variables. Throws a message naming the problem.
    init(operator op: ConditionOperator, key: String, values: JSONValue, variables: Bool) throws(PolicyTextError) {
        guard ConditionKeyName.isValid(key) else {
            throw PolicyTextError(message: "the condition key \"\(key)\" must be prefixed by a service, like aws:SourceIp")
        }
        let scalars: [JSONValue]
        if case .array(let items) = values { scalars = items } else { scalars = [values] }
        guard !scalars.isEmpty else { throw PolicyTextError(message: "\(op.name) has no values for \(key)") }
        var operands: [Operand] = []
        for scalar in scalars {
            let text: String
            switch scalar {
            case .string(let string): text = string
            case .number(let number): text = PolicyNumber.format(number)
            case .bool(let flag): text = flag ? "true" : "false"
            default: throw PolicyTextError(message: "\(op.name) values for \(key) must be strings, numbers or booleans")
            }
            operands.append(try Self.operand(text, for: op, key: key, variables: variables))
        }
        self.conditionOperator = op
        self.key = key
        self.operands = operands
    }

    private static func operand(_ text: String, for op: ConditionOperator, key: String, variables: Bool)
        throws(PolicyTextError) -> Operand
    {
        func invalid(_ expected: String) -> PolicyTextError {
            PolicyTextError(message: "\(op.name) needs \(expected) for \(key), not \"\(text)\"")
        }
        switch op.base.positive {
        case .null:
            guard let flag = PolicyNumber.parseBool(text) else { throw invalid("true or false") }
            return .flag(flag)
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard let number = PolicyNumber.parse(text) else { throw invalid("a number") }
            return .number(number)
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let date = PolicyDate.parse(text) else { throw invalid("an ISO 8601 date or epoch seconds") }
            return .date(date)
        case .ipAddress:
            guard let network = CIDRBlock(text) else { throw invalid("an IPv4 or IPv6 address or CIDR block") }
            return .network(network)
        case .bool:
            let parsed = try PolicyText(text, variables: variables)
            if !parsed.hasVariables && PolicyNumber.parseBool(text) == nil { throw invalid("true or false") }
            return .text(parsed)
        default:
            return .text(try PolicyText(text, variables: variables && op.base.acceptsVariables))
        }
    }

    /// Whether the clause holds for the request, with IAM's rules for absent keys, `IfExists`,
    /// set qualifiers and negated operators.
    func holds(in context: EvaluationContext) -> Bool {
        let op = conditionOperator
        guard let value = context.value(forKey: key.lowercased()), !value.isEmpty else {
            if op.base == .null { return operands.contains(.flag(true)) }
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues?: return true
            case .forAnyValue?: return false
            case nil: return op.base.isNegated
            }
        }
        if op.base == .null { return operands.contains(.flag(false)) }
        let resolved = operands.compactMap { resolve($0, in: context) }
        let matchesAny = { (element: ConditionValue.Element) in resolved.contains { Self.compare(element, $0, op.base.positive) } }
        let satisfies = { (element: ConditionValue.Element) in op.base.isNegated ? !matchesAny(element) : matchesAny(element) }
        switch op.qualifier {
        case nil:
            let positive = value.elements.contains(where: matchesAny)
            return op.base.isNegated ? !positive : positive
        case .forAnyValue?: return value.elements.contains(where: satisfies)
        case .forAllValues?: return value.elements.allSatisfy(satisfies)
        }
    }

    /// A policy value made concrete for this request; nil when its policy variable has no value.
    enum Resolved {
        case literal(String)
        case pattern(WildcardPattern)
        case number(Double)
        case date(Double)
        case network(CIDRBlock)
    }

    private func resolve(_ operand: Operand, in context: EvaluationContext) -> Resolved? {
        switch operand {
        case .number(let number): return .number(number)
        case .date(let date): return .date(date)
        case .network(let network): return .network(network)
        case .flag: return nil
        case .text(let text):
            switch conditionOperator.base.positive {
            case .stringLike, .arnEquals, .arnLike: return text.pattern(in: context).map(Resolved.pattern)
            default: return text.literal(in: context).map(Resolved.literal)
            }
        }
    }

    /// The positive operator applied to one request value and one policy value.
    static func compare(_ element: ConditionValue.Element, _ operand: Resolved, _ base: ConditionOperator.Base) -> Bool {
        switch (base, operand) {
        case (.stringEquals, .literal(let expected)): return element.text == expected
        case (.stringEqualsIgnoreCase, .literal(let expected)): return element.text.lowercased() == expected.lowercased()
        case (.stringLike, .pattern(let pattern)): return pattern.matches(element.text)
        case (.arnEquals, .pattern(let pattern)), (.arnLike, .pattern(let pattern)): return pattern.matchesARN(element.text)
        case (.bool, .literal(let expected)):
            guard let actual = element.bool, let wanted = PolicyNumber.parseBool(expected) else { return false }
            return actual == wanted
        case (.ipAddress, .network(let network)):
            guard case .string(let address) = element else { return false }
            return network.contains(address)
        case (_, .number(let expected)):
            guard let actual = element.number else { return false }
            return order(actual, expected, base)
        case (_, .date(let expected)):
            guard let actual = element.epochSeconds else { return false }
            return order(actual, expected, base)
        default: return false
        }
    }

    private static func order(_ actual: Double, _ expected: Double, _ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .numericEquals, .dateEquals: actual == expected
        case .numericLessThan, .dateLessThan: actual < expected
        case .numericLessThanEquals, .dateLessThanEquals: actual <= expected
        case .numericGreaterThan, .dateGreaterThan: actual > expected
        case .numericGreaterThanEquals, .dateGreaterThanEquals: actual >= expected
        default: false
        }
    }
}
