/// Whether two globs can match one string: the question "could this statement's Resource name
/// any package of the repository?" asked before a package's name is known.
extension WildcardPattern {
    /// True when some string matches both `self` and `other` (either may hold wildcards).
    public func overlaps(_ other: WildcardPattern) -> Bool {
        let a = tokens, b = other.tokens
        // memo[i][j]: whether a[i...] and b[j...] can match one common string.
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: b.count + 1), count: a.count + 1)
        func can(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if i < a.count, a[i] == .anyRun {
                result = can(i + 1, j) || (j < b.count && can(i, j + 1))
            } else if j < b.count, b[j] == .anyRun {
                result = can(i, j + 1) || (i < a.count && can(i + 1, j))
            } else if i < a.count, j < b.count {
                result = Self.sameCharacterPossible(a[i], b[j]) && can(i + 1, j + 1)
            } else {
                result = i == a.count && j == b.count
            }
            memo[i][j] = result
            return result
        }
        return can(0, 0)
    }

    /// `overlaps` as `matchesARN` reads ARNs: part by part, a lone `*` overlapping everything.
    public func overlapsARN(_ other: WildcardPattern) -> Bool {
        if tokens == [.anyRun] || other.tokens == [.anyRun] { return true }
        let mine = splitTokens(maxParts: 6), theirs = other.splitTokens(maxParts: 6)
        guard mine.count == 6, theirs.count == 6 else { return false }
        return zip(mine, theirs).allSatisfy { WildcardPattern(tokens: $0).overlaps(WildcardPattern(tokens: $1)) }
    }

    private static func sameCharacterPossible(_ x: Token, _ y: Token) -> Bool {
        switch (x, y) {
        case (.literal(let p), .literal(let q)): p == q
        default: true  // `?` against one character of anything
        }
    }
}
