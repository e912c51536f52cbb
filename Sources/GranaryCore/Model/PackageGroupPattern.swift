import GranaryCrypto

/// A package group's pattern, CodeArtifact's syntax: a package path (`/format/namespace/name`)
/// with the components a group leaves open omitted and a suffix that says how the last one
/// matches — `*` every value (or, after a prefix, every value that starts with it), `~` a prefix
/// ending on a word boundary, `$` the exact name:
///
///     /*                      every package of the domain (the root group)
///     /npm/*                  one format
///     /maven/com.anycompany~  format and namespace prefix
///     /npm/space/*            format and namespace
///     /npm/space/anycompany~  format, namespace and name prefix
///     /maven/org.apache/log$  format, namespace and name
///
/// `text` is the pattern as given; `key` the normalized form (PyPI, NuGet and Swift names and Swift
/// namespaces normalized as those formats store them), which identifies the group in its domain.
public struct PackageGroupPattern: Sendable, Hashable, CustomStringConvertible {
    /// How a component matches a package's namespace or name.
    public enum Match: Int, Sendable, Hashable, Comparable {
        /// `value*`: starts with `value` (every value when `value` is empty).
        case prefix = 0
        /// `value~`: is `value`, or starts with it followed by a non-word character.
        case wordPrefix = 1
        /// `value$` (names) or `value/` (a namespace followed by a name component).
        case exact = 2

        public static func < (lhs: Match, rhs: Match) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public struct Component: Sendable, Hashable {
        public let value: String
        public let match: Match
    }

    public let text: String
    /// nil for the root group `/*`.
    public let format: PackageFormat?
    /// nil: every namespace (`/*` and `/format/*`… are expressed as a `prefix` of ""; nil only for the root).
    public let namespace: Component?
    /// nil: the pattern stops at the namespace.
    public let name: Component?

    public static let rootText = "/*"
    public static let root = PackageGroupPattern(text: rootText, format: nil, namespace: nil, name: nil)

    public var isRoot: Bool { format == nil }
    public var description: String { text }

    /// The normalized pattern: unique per domain.
    public var key: String {
        guard let format else { return Self.rootText }
        var out = "/" + format.rawValue + "/"
        guard let namespace else { return out + "*" }
        if let name {
            out += namespace.value + "/" + name.value
            return out + Self.suffix(name.match)
        }
        return out + namespace.value + Self.suffix(namespace.match)
    }

    static func suffix(_ match: Match) -> String {
        switch match {
        case .prefix: "*"
        case .wordPrefix: "~"
        case .exact: "$"
        }
    }

    init(text: String, format: PackageFormat?, namespace: Component?, name: Component?) {
        self.text = text
        self.format = format
        self.namespace = namespace
        self.name = name
    }

    public static func == (lhs: PackageGroupPattern, rhs: PackageGroupPattern) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    // MARK: parsing

    /// Formats whose packages have no namespace: their patterns leave the namespace blank (`/pypi//requests$`).
    public static let formatsWithoutNamespace = Set(FormatRegistry.all.filter { $0.namespaces == .none }.map(\.format))
    /// Formats whose packages always have one: a pattern naming a package names its namespace too.
    public static let formatsRequiringNamespace = Set(FormatRegistry.all.filter { $0.namespaces == .required }.map(\.format))

    /// Parses and validates `text`; ValidationException names what is wrong.
    public static func parse(_ text: String) throws -> PackageGroupPattern {
        func invalid(_ reason: String) -> ServiceError {
            ServiceError.validation("Invalid package group pattern \(Validate.quoted(text)): \(reason)")
        }
        guard (2...520).contains(text.count) else { throw invalid("a pattern is 2-520 characters long.") }
        guard !text.unicodeScalars.contains(where: { Names.isOtherCategory($0) || $0.properties.isWhitespace }) else {
            throw invalid("a pattern may not contain white space or control characters.")
        }
        guard text.hasPrefix("/") else { throw invalid("a pattern starts with '/'.") }
        if text == rootText { return root }
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let format = PackageFormat(rawValue: parts[0]) else {
            throw invalid(
                "the first component must be '*' or a package format (\(PackageFormat.allCases.map(\.rawValue).joined(separator: ", "))), "
                    + "and '/*' matches every format.")
        }
        switch parts.count {
        case 1:
            throw invalid("a pattern ends with '*', '~' or '$'; to match every package of a format use /\(format.rawValue)/*.")
        case 2:
            let namespace = try component(parts[1], in: text, allowExact: false)
            if formatsWithoutNamespace.contains(format), !(namespace.match == .prefix && namespace.value.isEmpty) {
                throw invalid("\(format.rawValue) packages have no namespace: leave it blank, as in /\(format.rawValue)//name$.")
            }
            return PackageGroupPattern(
                text: text, format: format, namespace: Component(value: normalize(namespace: namespace.value, format), match: namespace.match),
                name: nil)
        case 3:
            let namespace = parts[1]
            if let bad = namespace.first(where: { "*~$#".contains($0) }) {
                throw invalid("'\(bad)' cannot appear in a namespace followed by a name (it is matched exactly).")
            }
            guard namespace.count <= 255 else { throw invalid("a namespace is at most 255 characters.") }
            if formatsWithoutNamespace.contains(format), !namespace.isEmpty {
                throw invalid("\(format.rawValue) packages have no namespace: leave it blank, as in /\(format.rawValue)//name$.")
            }
            if formatsRequiringNamespace.contains(format), namespace.isEmpty {
                throw invalid("\(format.rawValue) packages have a namespace: a pattern that names a package must name its namespace.")
            }
            let name = try component(parts[2], in: text, allowExact: true)
            return PackageGroupPattern(
                text: text, format: format, namespace: Component(value: normalize(namespace: namespace, format), match: .exact),
                name: Component(value: normalize(name: name.value, format), match: name.match))
        default:
            throw invalid("a pattern has at most three components: format, namespace and name.")
        }
    }

    /// The last component: a value and its suffix.
    private static func component(_ raw: String, in text: String, allowExact: Bool) throws -> Component {
        func invalid(_ reason: String) -> ServiceError {
            ServiceError.validation("Invalid package group pattern \(Validate.quoted(text)): \(reason)")
        }
        guard let suffix = raw.last, "*~$".contains(suffix) else {
            throw invalid("a pattern ends with '*' (all values), '~' (a word prefix) or '$' (an exact name).")
        }
        let value = String(raw.dropLast())
        if let bad = value.first(where: { "*~$#".contains($0) }) {
            throw invalid("'\(bad)' may only appear once, as the suffix of the last component.")
        }
        guard value.count <= 255 else { throw invalid("a namespace or name is at most 255 characters.") }
        switch suffix {
        case "$":
            guard allowExact else { throw invalid("'$' ends a package name; to match one namespace exactly use /format/namespace/*.") }
            guard !value.isEmpty else { throw invalid("'$' must follow a package name.") }
            return Component(value: value, match: .exact)
        case "~":
            guard let last = value.last, PackageGroupMatcher.isWordCharacter(last) else {
                throw invalid("'~' must follow a letter or digit (a word); after any other character use '*'.")
            }
            return Component(value: value, match: .wordPrefix)
        default:
            return Component(value: value, match: .prefix)
        }
    }

    // MARK: normalization

    /// A package's namespace as groups match it: as the format stores it (`FormatRules`).
    public static func normalize(namespace: String, _ format: PackageFormat) -> String {
        format.rules.namespaceCase.apply(namespace)
    }

    /// A package's name as groups match it: as the format stores it (`FormatRules`).
    public static func normalize(name: String, _ format: PackageFormat) -> String {
        format.rules.names.apply(name)
    }

    // MARK: ARNs

    /// `arn:aws:codeartifact:REGION:OWNER:package-group/DOMAIN` + the pattern percent-encoded
    /// (every byte outside `A-Z a-z 0-9 - . _ ~ /` as %xx, as CodeArtifact writes `*` as %2a).
    public func arn(region: String, owner: String, domain: String) -> String {
        "arn:\(ARN.partition):codeartifact:\(region):\(owner):package-group/\(domain)" + Self.encode(text)
    }

    /// The pattern text an ARN's encoded tail names (`encode`'s inverse); nil when a `%` is not
    /// followed by two hex digits or the bytes are not UTF-8.
    static func decode(_ encoded: some StringProtocol) -> String? {
        PercentEscapes.decode(encoded).flatMap { String(validating: $0, as: UTF8.self) }
    }

    static func encode(_ text: String) -> String {
        PercentEscapes.encode(text.utf8, uppercase: false) { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                true
            default: false
            }
        }
    }
}
