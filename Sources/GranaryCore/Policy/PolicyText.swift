/// A string of a policy document (a Resource, a condition value) with its policy variables.
///
/// In a 2012-10-17 policy `${aws:username}` and the like are replaced by the request's value of that
/// key, `${aws:username, 'default'}` falls back to the default when the key is absent, and `${*}`,
/// `${?}` and `${$}` stand for a literal `*`, `?` and `$`. A variable whose key is absent (or
/// multi-valued) has no value, and the text then matches nothing. Substituted values are literal:
/// a `*` in a user name is no wildcard. In a 2008-10-17 policy (or one without Version) the text is
/// taken as it is written.
struct PolicyText: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        /// Written text; `*` and `?` in it are wildcards where the operator has wildcards.
        case text(String)
        /// An escaped `*`, `?` or `$`: always literal.
        case escaped(Character)
        /// A condition key, lower-cased, with an optional default value.
        case variable(key: String, defaultValue: String?)
    }

    let raw: String
    let parts: [Part]

    var hasVariables: Bool { parts.contains { if case .variable = $0 { true } else { false } } }

    /// Throws a description of a malformed variable.
    init(_ raw: String, variables: Bool) throws(PolicyTextError) {
        self.raw = raw
        guard variables, raw.contains("${") else {
            parts = [.text(raw)]
            return
        }
        var parts: [Part] = []
        var pending = ""
        var rest = Substring(raw)
        while let start = rest.firstRange(of: "${") {
            pending += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                throw PolicyTextError(message: "the policy variable in \"\(raw)\" has no closing }")
            }
            let body = afterOpen[..<close]
            if body == "*" || body == "?" || body == "$", let character = body.first {
                parts.append(.text(pending))
                parts.append(.escaped(character))
            } else {
                parts.append(.text(pending))
                parts.append(try Self.variable(String(body), in: raw))
            }
            pending = ""
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        pending += rest
        parts.append(.text(pending))
        self.parts = parts.filter { $0 != .text("") }
    }

    /// `key` or `key, 'default'`, the key being `prefix:name`.
    private static func variable(_ body: String, in raw: String) throws(PolicyTextError) -> Part {
        let pieces = body.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        let key = pieces[0].trimmingSpaces
        var defaultValue: String?
        if pieces.count == 2 {
            let quoted = pieces[1].trimmingSpaces
            guard quoted.count >= 2, quoted.hasPrefix("'"), quoted.hasSuffix("'") else {
                throw PolicyTextError(message: "the default of the policy variable ${\(body)} must be in single quotes")
            }
            defaultValue = String(quoted.dropFirst().dropLast())
        }
        guard ConditionKeyName.isValid(key) else {
            throw PolicyTextError(message: "\"${\(body)}\" in \"\(raw)\" is not a policy variable such as ${aws:username}")
        }
        return .variable(key: key.lowercased(), defaultValue: defaultValue)
    }

    /// The text as a wildcard pattern for this request, or nil when a variable has no value.
    func pattern(in context: EvaluationContext) -> WildcardPattern? {
        var tokens: [WildcardPattern.Token] = []
        for part in parts {
            switch part {
            case .text(let text): tokens += WildcardPattern(glob: text).tokens
            case .escaped(let character): tokens.append(.literal(character))
            case .variable(let key, let defaultValue):
                guard let value = context.value(forKey: key)?.variableText ?? defaultValue else { return nil }
                tokens += WildcardPattern(literal: value).tokens
            }
        }
        return WildcardPattern(tokens: tokens)
    }

    /// The text for this request with no wildcard meaning (for the equality operators), or nil when a
    /// variable has no value.
    func literal(in context: EvaluationContext) -> String? {
        guard hasVariables || parts.contains(where: { if case .escaped = $0 { true } else { false } }) else { return raw }
        return pattern(in: context)?.text
    }
}

struct PolicyTextError: Error, Sendable {
    let message: String
}

/// What a condition key (and a policy variable) must look like: `prefix:name`.
enum ConditionKeyName {
    static func isValid(_ key: String) -> Bool {
        let pieces = key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return pieces.count == 2 && !pieces[0].isEmpty && !pieces[1].isEmpty
            && pieces[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            && !key.contains(where: { $0 == " " || $0 == "$" || $0 == "{" || $0 == "}" })
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
