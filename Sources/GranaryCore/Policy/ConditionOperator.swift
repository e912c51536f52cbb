/// A condition operator as written in a Condition block: an optional set qualifier
/// (`ForAnyValue:` / `ForAllValues:`), an operator (`StringLike`, `NumericLessThan`, …) and an
/// optional `IfExists` suffix. Names are matched case-insensitively.
public struct ConditionOperator: Sendable, Equatable {
    public enum Qualifier: String, Sendable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    /// The operators IAM documents, by family.
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals = "StringEquals", stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase", stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike", stringNotLike = "StringNotLike"
        case arnEquals = "ArnEquals", arnLike = "ArnLike", arnNotEquals = "ArnNotEquals", arnNotLike = "ArnNotLike"
        case bool = "Bool"
        case null = "Null"
        case numericEquals = "NumericEquals", numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan", numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan", numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals", dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan", dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan", dateGreaterThanEquals = "DateGreaterThanEquals"
        case ipAddress = "IpAddress", notIpAddress = "NotIpAddress"

        /// A negated operator is true when the key is absent and, for several policy values, when
        /// the request value matches none of them (NOR).
        public var isNegated: Bool { positive != self }

        /// The positive form whose result a negated operator inverts.
        public var positive: Base {
            switch self {
            case .stringNotEquals: .stringEquals
            case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
            case .stringNotLike: .stringLike
            case .arnNotEquals: .arnEquals
            case .arnNotLike: .arnLike
            case .numericNotEquals: .numericEquals
            case .dateNotEquals: .dateEquals
            case .notIpAddress: .ipAddress
            default: self
            }
        }

        /// Whether policy variables are replaced in this operator's values (IAM: String*, Arn*, Bool).
        var acceptsVariables: Bool {
            switch positive {
            case .stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike, .bool: true
            default: false
            }
        }
    }

    public let qualifier: Qualifier?
    public let base: Base
    public let ifExists: Bool

    public init(qualifier: Qualifier?, base: Base, ifExists: Bool) {
        self.qualifier = qualifier
        self.base = base
        self.ifExists = ifExists
    }

    /// Nil for a name that is no operator (or `NullIfExists`, or a qualified Null).
    public init?(name: String) {
        var rest = Substring(name)
        var qualifier: Qualifier?
        for candidate in [Qualifier.forAnyValue, .forAllValues] {
            let prefix = candidate.rawValue + ":"
            if rest.lowercased().hasPrefix(prefix.lowercased()) {
                qualifier = candidate
                rest = rest.dropFirst(prefix.count)
            }
        }
        var ifExists = false
        if rest.lowercased().hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base.allCases.first(where: { $0.rawValue.lowercased() == rest.lowercased() }) else { return nil }
        if base == .null && (ifExists || qualifier != nil) { return nil }
        self.init(qualifier: qualifier, base: base, ifExists: ifExists)
    }

    public var name: String { (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "") }
}
