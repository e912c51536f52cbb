/// How packages match package group patterns, as CodeArtifact's "Package group definition syntax
/// and matching behavior" describes it: the most specific matching pattern wins; a package that
/// matches only a variation of it (other letter case, another run of `-` `.` `_`) is a WEAK match.
public enum PackageGroupMatcher {
    /// How specific a pattern is: a longer matching pattern (one matching a proper subset) is more specific.
    public struct Specificity: Comparable, Sendable {
        /// 0 the root, 1 a namespace prefix (including `/format/*`), 2 a name prefix within one
        /// namespace (including `/format/namespace/*`), 3 one package.
        let level: Int
        let length: Int
        let match: PackageGroupPattern.Match

        public static func < (lhs: Specificity, rhs: Specificity) -> Bool {
            (lhs.level, lhs.length, lhs.match.rawValue) < (rhs.level, rhs.length, rhs.match.rawValue)
        }
    }

    public static func specificity(_ pattern: PackageGroupPattern) -> Specificity {
        guard let namespace = pattern.namespace else { return Specificity(level: 0, length: 0, match: .prefix) }
        guard let name = pattern.name else { return Specificity(level: 1, length: namespace.value.count, match: namespace.match) }
        if name.match == .exact { return Specificity(level: 3, length: 0, match: .exact) }
        return Specificity(level: 2, length: name.value.count, match: name.match)
    }

    // MARK: words

    /// A character that can start a word: a letter or a number (`[\p{L}\p{N}]`).
    public static func isWordCharacter(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return isLetterOrNumber(scalar)
    }

    /// A character that continues a word: a letter, number or mark (`[\p{L}\p{N}\p{M}]`).
    static func continuesWord(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return isLetterOrNumber(scalar)
        }
    }

    static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
            .otherNumber:
            true
        default: false
        }
    }

    /// The variation form weak matching compares: case folded, every run of `-`, `.` and `_` one `.`.
    public static func variation(_ text: String) -> String {
        var out = ""
        var inRun = false
        for character in text.lowercased() {
            if character == "-" || character == "." || character == "_" {
                if !inRun { out.append(".") }
                inRun = true
            } else {
                out.append(character)
                inRun = false
            }
        }
        return out
    }

    // MARK: matching

    /// Whether `value` is one of the values `component` matches.
    static func matches(_ component: PackageGroupPattern.Component, _ value: String) -> Bool {
        switch component.match {
        case .exact:
            return value == component.value
        case .prefix:
            return value.hasPrefix(component.value)
        case .wordPrefix:
            guard value.hasPrefix(component.value) else { return false }
            return value.dropFirst(component.value.count).first.map { !continuesWord($0) } ?? true
        }
    }

    /// STRONG when the package's path matches the pattern as written, WEAK when only a variation
    /// does, nil when it does not match.
    public static func match(_ pattern: PackageGroupPattern, _ coordinate: PackageCoordinate) -> PackageGroupAssociationType? {
        guard let format = pattern.format else { return .strong }
        guard format == coordinate.format, let namespaceComponent = pattern.namespace else { return nil }
        let namespace = PackageGroupPattern.normalize(namespace: coordinate.namespace ?? "", format)
        let name = PackageGroupPattern.normalize(name: coordinate.name, format)
        if matches(namespaceComponent, namespace), pattern.name.map({ matches($0, name) }) ?? true { return .strong }
        func weak(_ component: PackageGroupPattern.Component) -> PackageGroupPattern.Component {
            PackageGroupPattern.Component(value: variation(component.value), match: component.match)
        }
        if matches(weak(namespaceComponent), variation(namespace)), pattern.name.map({ matches(weak($0), variation(name)) }) ?? true {
            return .weak
        }
        return nil
    }

    /// The pattern a package is associated with: the most specific match; of equally specific
    /// ones (variations of each other) the strong match, then the first by key.
    public static func mostSpecific(
        _ patterns: [PackageGroupPattern], for coordinate: PackageCoordinate
    ) -> (pattern: PackageGroupPattern, association: PackageGroupAssociationType)? {
        var best: (pattern: PackageGroupPattern, association: PackageGroupAssociationType, specificity: Specificity)?
        for pattern in patterns {
            guard let association = match(pattern, coordinate) else { continue }
            let specificity = specificity(pattern)
            if let current = best {
                if specificity < current.specificity { continue }
                if specificity == current.specificity {
                    if current.association == .strong && association == .weak { continue }
                    if current.association == association && current.pattern.key <= pattern.key { continue }
                }
            }
            best = (pattern, association, specificity)
        }
        return best.map { ($0.pattern, $0.association) }
    }

    // MARK: hierarchy

    /// Whether every package `inner` matches also matches `outer`, and `outer` is not `inner`.
    public static func contains(_ outer: PackageGroupPattern, _ inner: PackageGroupPattern) -> Bool {
        guard outer.key != inner.key else { return false }
        guard let outerFormat = outer.format else { return true }
        guard outerFormat == inner.format, let outerNamespace = outer.namespace, let innerNamespace = inner.namespace else {
            return false
        }
        guard let outerName = outer.name else {
            guard inner.name != nil else { return covers(outerNamespace, innerNamespace) }
            return matches(outerNamespace, innerNamespace.value)
        }
        guard let innerName = inner.name, innerNamespace.value == outerNamespace.value else { return false }
        return covers(outerName, innerName)
    }

    /// Whether every value `inner` matches is matched by `outer`.
    static func covers(_ outer: PackageGroupPattern.Component, _ inner: PackageGroupPattern.Component) -> Bool {
        switch outer.match {
        case .exact:
            return inner.match == .exact && inner.value == outer.value
        case .prefix:
            return inner.value.hasPrefix(outer.value)
        case .wordPrefix:
            guard inner.value.hasPrefix(outer.value) else { return false }
            guard let next = inner.value.dropFirst(outer.value.count).first else { return inner.match != .prefix }
            return !continuesWord(next)
        }
    }

    /// The direct parent of `pattern` among `patterns`: the most specific one that contains it.
    public static func parent(of pattern: PackageGroupPattern, among patterns: [PackageGroupPattern]) -> PackageGroupPattern? {
        var best: (pattern: PackageGroupPattern, specificity: Specificity)?
        for candidate in patterns where contains(candidate, pattern) {
            let specificity = specificity(candidate)
            if let current = best, specificity < current.specificity || (specificity == current.specificity && current.pattern.key <= candidate.key) {
                continue
            }
            best = (candidate, specificity)
        }
        return best?.pattern
    }
}
