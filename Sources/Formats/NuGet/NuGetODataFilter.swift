import FormatKit

/// The part of OData v2's `$filter` and `$orderby` grammar the NuGet 2.x clients, Chocolatey and
/// PowerShellGet send to a v2 feed (`IsLatestVersion`, `tolower(Id) eq 'x'`,
/// `substringof('x', tolower(Id))`, `and`/`or`/`not`, comparisons, parentheses), parsed into an
/// expression and evaluated against each package version. Bounded: at most `maxLength`
/// characters and `maxDepth` nested expressions; anything else is a NuGetError naming what is not
/// understood (the client's 400).
indirect enum ODataExpression: Equatable, Sendable {
    case literal(ODataValue)
    case property(String)
    case call(String, [ODataExpression])
    case not(ODataExpression)
    case binary(String, ODataExpression, ODataExpression)
}

enum ODataValue: Equatable, Sendable, Comparable {
    case null
    case bool(Bool)
    case number(Int)
    case string(String)

    static func < (lhs: ODataValue, rhs: ODataValue) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): a < b
        case let (.string(a), .string(b)): a < b
        case let (.bool(a), .bool(b)): !a && b
        case (.null, .null): false
        case (.null, _): true
        default: false
        }
    }

    var bool: Bool { if case .bool(true) = self { true } else { false } }

    var string: String? {
        switch self {
        case .string(let s): s
        case .number(let n): String(n)
        case .bool(let b): b ? "true" : "false"
        case .null: nil
        }
    }
}

/// What a filter reads of one package version: its `m:properties` by name.
protocol ODataRecord {
    func value(of property: String) -> ODataValue?
}

enum ODataParser {
    static let maxLength = 4096
    static let maxDepth = 32
    static let functions: [String: ClosedRange<Int>] = [
        "tolower": 1...1, "toupper": 1...1, "trim": 1...1, "length": 1...1, "substringof": 2...2, "startswith": 2...2,
        "endswith": 2...2, "indexof": 2...2, "concat": 2...8,
    ]

    static func filter(_ text: String) throws(NuGetError) -> ODataExpression {
        var parser = try Parser(text)
        let expression = try parser.expression(depth: 0)
        try parser.end()
        return expression
    }

    /// `expr [asc|desc], …`.
    static func orderBy(_ text: String) throws(NuGetError) -> [(ODataExpression, descending: Bool)] {
        var parser = try Parser(text)
        var keys: [(ODataExpression, descending: Bool)] = []
        repeat {
            let expression = try parser.expression(depth: 0)
            var descending = false
            if parser.accept(word: "desc") { descending = true } else { _ = parser.accept(word: "asc") }
            keys.append((expression, descending))
        } while parser.accept(symbol: ",")
        try parser.end()
        return keys
    }

    static func evaluate(_ expression: ODataExpression, _ record: ODataRecord) throws(NuGetError) -> ODataValue {
        switch expression {
        case .literal(let value): return value
        case .property(let name):
            guard let value = record.value(of: name) else { throw NuGetError(.invalidQuery, "The feed has no property \(name.prefix(64)).") }
            return value
        case .not(let inner): return .bool(!(try evaluate(inner, record)).bool)
        case .binary(let op, let left, let right):
            let l = try evaluate(left, record)
            if op == "and", !l.bool { return .bool(false) }
            if op == "or", l.bool { return .bool(true) }
            let r = try evaluate(right, record)
            switch op {
            case "and", "or": return .bool(r.bool)
            case "eq": return .bool(l == r)
            case "ne": return .bool(l != r)
            case "lt": return .bool(l < r)
            case "le": return .bool(l < r || l == r)
            case "gt": return .bool(r < l)
            case "ge": return .bool(r < l || l == r)
            default: throw NuGetError(.invalidQuery, "Unsupported operator \(op).")
            }
        case .call(let name, let arguments):
            var values: [ODataValue] = []
            for argument in arguments { values.append(try evaluate(argument, record)) }
            let strings = values.map { $0.string ?? "" }
            switch name {
            case "tolower": return values[0] == .null ? .null : .string(strings[0].lowercased())
            case "toupper": return values[0] == .null ? .null : .string(strings[0].uppercased())
            case "trim": return .string(strings[0].trimmed)
            case "length": return .number(strings[0].count)
            case "substringof": return .bool(strings[1].contains(strings[0]))
            case "startswith": return .bool(strings[0].hasPrefix(strings[1]))
            case "endswith": return .bool(strings[0].hasSuffix(strings[1]))
            case "indexof":
                guard let range = strings[0].firstRange(of: strings[1]) else { return .number(-1) }
                return .number(strings[0].distance(from: strings[0].startIndex, to: range.lowerBound))
            case "concat": return .string(strings.joined())
            default: throw NuGetError(.invalidQuery, "Unsupported function \(name).")
            }
        }
    }

    private struct Parser {
        enum Token: Equatable { case word(String), string(String), number(Int), symbol(Character) }
        var tokens: [Token] = []
        var position = 0

        init(_ text: String) throws(NuGetError) {
            guard text.count <= ODataParser.maxLength else {
                throw NuGetError(.invalidQuery, "The query expression is longer than \(ODataParser.maxLength) characters.")
            }
            var chars = Array(text)[...]
            while let c = chars.first {
                if c == " " || c == "\t" || c == "+" {
                    chars.removeFirst()
                } else if c == "(" || c == ")" || c == "," {
                    tokens.append(.symbol(c))
                    chars.removeFirst()
                } else if c == "'" {
                    chars.removeFirst()
                    var value = ""
                    while true {
                        guard let next = chars.first else { throw NuGetError(.invalidQuery, "A string in the query is not closed.") }
                        chars.removeFirst()
                        if next == "'" {
                            if chars.first == "'" { value.append("'"); chars.removeFirst() } else { break }
                        } else {
                            value.append(next)
                        }
                    }
                    tokens.append(.string(value))
                } else if c.isNumber || c == "-" {
                    var digits = String(c)
                    chars.removeFirst()
                    while let d = chars.first, d.isNumber { digits.append(d); chars.removeFirst() }
                    guard let number = Int(digits), digits.count <= 18 else { throw NuGetError(.invalidQuery, "Bad number \(digits.prefix(20)).") }
                    tokens.append(.number(number))
                } else if c.isLetter || c == "_" {
                    var word = ""
                    while let d = chars.first, d.isLetter || d.isNumber || d == "_" { word.append(d); chars.removeFirst() }
                    tokens.append(.word(word))
                } else {
                    throw NuGetError(.invalidQuery, "Unexpected '\(c)' in the query.")
                }
            }
        }

        mutating func accept(symbol: Character) -> Bool {
            guard position < tokens.count, tokens[position] == .symbol(symbol) else { return false }
            position += 1
            return true
        }

        mutating func accept(word: String) -> Bool {
            guard position < tokens.count, case .word(let w) = tokens[position], w.lowercased() == word else { return false }
            position += 1
            return true
        }

        func end() throws(NuGetError) {
            guard position == tokens.count else { throw NuGetError(.invalidQuery, "The query has more than one expression.") }
        }

        mutating func expression(depth: Int) throws(NuGetError) -> ODataExpression {
            guard depth < ODataParser.maxDepth else { throw NuGetError(.invalidQuery, "The query nests too deeply.") }
            var left = try conjunction(depth: depth + 1)
            while accept(word: "or") { left = .binary("or", left, try conjunction(depth: depth + 1)) }
            return left
        }

        mutating func conjunction(depth: Int) throws(NuGetError) -> ODataExpression {
            var left = try comparison(depth: depth + 1)
            while accept(word: "and") { left = .binary("and", left, try comparison(depth: depth + 1)) }
            return left
        }

        mutating func comparison(depth: Int) throws(NuGetError) -> ODataExpression {
            let left = try unary(depth: depth + 1)
            for op in ["eq", "ne", "lt", "le", "gt", "ge"] where accept(word: op) {
                return .binary(op, left, try unary(depth: depth + 1))
            }
            return left
        }

        mutating func unary(depth: Int) throws(NuGetError) -> ODataExpression {
            guard depth < ODataParser.maxDepth else { throw NuGetError(.invalidQuery, "The query nests too deeply.") }
            if accept(word: "not") { return .not(try unary(depth: depth + 1)) }
            if accept(symbol: "(") {
                let inner = try expression(depth: depth + 1)
                guard accept(symbol: ")") else { throw NuGetError(.invalidQuery, "A parenthesis in the query is not closed.") }
                return inner
            }
            guard position < tokens.count else { throw NuGetError(.invalidQuery, "The query ends too early.") }
            let token = tokens[position]
            position += 1
            switch token {
            case .string(let s): return .literal(.string(s))
            case .number(let n): return .literal(.number(n))
            case .symbol(let c): throw NuGetError(.invalidQuery, "Unexpected '\(c)' in the query.")
            case .word(let word):
                switch word.lowercased() {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "null": return .literal(.null)
                default: break
                }
                guard accept(symbol: "(") else { return .property(word) }
                let name = word.lowercased()
                guard let arity = ODataParser.functions[name] else {
                    throw NuGetError(.invalidQuery, "Unsupported function \(word.prefix(64)) in the query.")
                }
                var arguments: [ODataExpression] = []
                if !accept(symbol: ")") {
                    repeat { arguments.append(try expression(depth: depth + 1)) } while accept(symbol: ",")
                    guard accept(symbol: ")") else { throw NuGetError(.invalidQuery, "A call to \(word) is not closed.") }
                }
                guard arity.contains(arguments.count) else {
                    throw NuGetError(.invalidQuery, "\(word) takes \(arity.lowerBound) argument(s), not \(arguments.count).")
                }
                return .call(name, arguments)
            }
        }
    }
}
