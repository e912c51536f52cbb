/// One entry of a resource policy's Principal or NotPrincipal: everyone (`"*"`), an account (a
/// 12-digit id or `arn:aws:iam::ID:root`, which IAM treats alike: every principal of that account),
/// or one IAM user (`arn:aws:iam::ID:user/path/name`). Granary has no roles, services or federated
/// principals, so those are rejected like a principal that does not exist.
public enum PrincipalPattern: Sendable, Equatable {
    case anyone
    case account(String)
    case user(arn: String)

    public func matches(_ principal: PolicyPrincipal) -> Bool {
        switch self {
        case .anyone: true
        case .account(let id): principal.accountId == id
        case .user(let arn): principal.arn == arn
        }
    }

    /// Parses one `"AWS"` value.
    init(_ text: String) throws(PolicyTextError) {
        if text == "*" {
            self = .anyone
            return
        }
        if Self.isAccountId(text) {
            self = .account(text)
            return
        }
        let prefix = "arn:\(ARN.partition):iam::"
        guard text.hasPrefix(prefix) else { throw Self.invalid(text) }
        let rest = text.dropFirst(prefix.count)
        let pieces = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, Self.isAccountId(String(pieces[0])) else { throw Self.invalid(text) }
        let resource = pieces[1]
        if resource == "root" {
            self = .account(String(pieces[0]))
        } else if resource.hasPrefix("user/"), Self.isUserPath(resource.dropFirst("user/".count)) {
            self = .user(arn: text)
        } else {
            throw Self.invalid(text)
        }
    }

    /// Parses a whole Principal / NotPrincipal element: `"*"` or `{"AWS": value or list}`.
    static func parseElement(_ element: JSONValue, name: String) throws(PolicyTextError) -> [PrincipalPattern] {
        if element.stringValue == "*" { return [.anyone] }
        guard case .object(let kinds) = element, !kinds.isEmpty else {
            throw PolicyTextError(message: "\(name) must be \"*\" or an object such as {\"AWS\": \"123456789012\"}")
        }
        var patterns: [PrincipalPattern] = []
        for (kind, value) in kinds.sorted(by: { $0.key < $1.key }) {
            guard kind == "AWS" else {
                throw PolicyTextError(message: "\(name) supports only AWS principals (accounts and users), not \(kind)")
            }
            guard let list = value.stringList else {
                throw PolicyTextError(message: "\(name).AWS must be a string or a non-empty list of strings")
            }
            for text in list { patterns.append(try PrincipalPattern(text)) }
        }
        return patterns
    }

    private static func invalid(_ text: String) -> PolicyTextError {
        PolicyTextError(message: "invalid principal in policy: \"AWS\":\"\(text)\"")
    }

    static func isAccountId(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (48...57).contains($0) }
    }

    /// `name` or `path/…/name` with IAM's user name characters; no wildcards.
    private static func isUserPath(_ text: Substring) -> Bool {
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        return !segments.isEmpty && text.count <= 512
            && segments.allSatisfy { segment in
                !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
            }
    }
}
