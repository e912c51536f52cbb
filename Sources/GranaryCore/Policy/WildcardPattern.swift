/// A glob as IAM writes it in Action, Resource, StringLike and ArnLike: `*` matches any run of
/// characters (also none), `?` exactly one. A pattern is a list of tokens rather than text so that
/// a literal `*` or `?` (the `${*}` and `${?}` escapes, or a policy variable's value) stays literal.
public struct WildcardPattern: Sendable, Equatable {
    public enum Token: Sendable, Equatable {
        case literal(Character)
        case anyRun
        case anyOne
    }

    public let tokens: [Token]

    public init(tokens: [Token]) { self.tokens = tokens }

    /// `*` and `?` in `text` are wildcards; everything else is literal.
    public init(glob text: String) {
        tokens = text.map { character in
            switch character {
            case "*": .anyRun
            case "?": .anyOne
            default: .literal(character)
            }
        }
    }

    /// Every character of `text` literal.
    public init(literal text: String) { tokens = text.map { .literal($0) } }

    public var hasWildcards: Bool { tokens.contains { !$0.isLiteral } }

    /// The pattern read as plain text (wildcards written back as `*` and `?`), for the equality operators.
    public var text: String {
        String(tokens.map { token -> Character in
            switch token {
            case .literal(let character): character
            case .anyRun: "*"
            case .anyOne: "?"
            }
        })
    }

    public func lowercased() -> WildcardPattern {
        WildcardPattern(tokens: tokens.flatMap { token -> [Token] in
            if case .literal(let character) = token { return String(character).lowercased().map { .literal($0) } }
            return [token]
        })
    }

    /// Whether the whole of `subject` matches (not a substring). Linear backtracking over the last `*`.
    public func matches(_ subject: String) -> Bool {
        let characters = Array(subject)
        var subjectIndex = 0
        var tokenIndex = 0
        var starToken = -1
        var starSubject = 0
        while subjectIndex < characters.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    starToken = tokenIndex
                    starSubject = subjectIndex
                    tokenIndex += 1
                    continue
                case .anyOne:
                    tokenIndex += 1
                    subjectIndex += 1
                    continue
                case .literal(let character) where character == characters[subjectIndex]:
                    tokenIndex += 1
                    subjectIndex += 1
                    continue
                case .literal:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            tokenIndex = starToken + 1
            starSubject += 1
            subjectIndex = starSubject
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }

    /// ARN matching as IAM does it for Resource and the Arn* operators: the six colon-separated parts
    /// (`arn:partition:service:region:account:resource`) are matched one by one, the last one taking
    /// the rest of the text (colons included). A lone `*` matches anything, an ARN or not.
    public func matchesARN(_ subject: String) -> Bool {
        if tokens == [.anyRun] { return true }
        let patternParts = splitTokens(maxParts: 6)
        let subjectParts = subject.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard patternParts.count == 6, subjectParts.count == 6 else { return false }
        return zip(patternParts, subjectParts).allSatisfy { WildcardPattern(tokens: $0).matches(String($1)) }
    }

    func splitTokens(maxParts: Int) -> [[Token]] {
        var parts: [[Token]] = [[]]
        for token in tokens {
            if token == .literal(":"), parts.count < maxParts {
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        return parts
    }
}

extension WildcardPattern.Token {
    var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }
}
