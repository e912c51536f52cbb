/// A semantic version (semver 2.0.0), with the limits npm puts on it (npm orders versions and
/// picks `latest` by it; Cargo, NuGet 2 and Swift registries use the same grammar).
/// Equality and order ignore build metadata, as the spec says; `description` keeps it.
public struct SemVer: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    /// Dot-separated pre-release identifiers (`["beta", "1"]` for `-beta.1`); empty for a release.
    public let prerelease: [String]
    public let build: [String]

    /// npm's MAX_LENGTH and MAX_SAFE_INTEGER: longer strings and larger parts are not versions.
    public static let maximumLength = 256
    public static let maximumComponent: UInt64 = 9_007_199_254_740_991

    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// Strict parse, as a publish must be: `1.2.3`, `1.2.3-beta.1`, `1.2.3+build.5`. With `loose`,
    /// surrounding spaces and a leading `v` or `=` are tolerated, as `semver.clean` does.
    /// Throws `SemVerError`.
    public init(_ text: String, loose: Bool = false) throws {
        var body = Substring(text)
        if loose {
            body = body.drop(while: { $0 == " " || $0 == "\t" })
            while let last = body.last, last == " " || last == "\t" { body = body.dropLast() }
            if body.first == "=" { body = body.dropFirst() }
            if body.first == "v" || body.first == "V" { body = body.dropFirst() }
        }
        func invalid(_ why: String) -> SemVerError {
            SemVerError(.invalid, "Invalid version: \"\(text)\" (\(why)); a version must be semver 2.0, like 1.2.3 or 1.2.3-beta.1.")
        }
        guard !body.isEmpty else { throw invalid("empty") }
        guard text.utf8.count <= SemVer.maximumLength else { throw invalid("longer than \(SemVer.maximumLength) characters") }
        var build: [String] = []
        if let plus = body.firstIndex(of: "+") {
            build = body[body.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemVer.isIdentifierCharacter) }) else {
                throw invalid("bad build metadata")
            }
            body = body[..<plus]
        }
        var prerelease: [String] = []
        if let dash = body.firstIndex(of: "-") {
            prerelease = body[body.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for identifier in prerelease {
                guard !identifier.isEmpty, identifier.allSatisfy(SemVer.isIdentifierCharacter) else {
                    throw invalid("bad pre-release identifier")
                }
                guard !(SemVer.isNumeric(identifier) && identifier.count > 1 && identifier.first == "0") else {
                    throw invalid("numeric pre-release identifier with a leading zero")
                }
            }
            body = body[..<dash]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw invalid("expected MAJOR.MINOR.PATCH") }
        var numbers: [UInt64] = []
        for part in parts {
            guard SemVer.isNumeric(part), !(part.count > 1 && part.first == "0") else {
                throw invalid("version numbers must be digits without leading zeros")
            }
            guard let number = UInt64(part), number <= SemVer.maximumComponent else { throw invalid("number too large") }
            numbers.append(number)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease, build: build)
    }

    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// nil instead of an error, for sorting versions that may not all be semver.
    public static func parse(_ text: String, loose: Bool = false) -> SemVer? { try? SemVer(text, loose: loose) }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    public static func == (lhs: SemVer, rhs: SemVer) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.prerelease == rhs.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    public static func < (lhs: SemVer, rhs: SemVer) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        // A release sorts after its pre-releases.
        if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            return SemVer.identifier(left, precedes: right)
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// Numeric identifiers compare as numbers (of any length) and sort before alphanumeric ones,
    /// which compare in ASCII order.
    private static func identifier(_ left: String, precedes right: String) -> Bool {
        switch (isNumeric(left), isNumeric(right)) {
        case (true, true): left.count != right.count ? left.count < right.count : left < right
        case (true, false): true
        case (false, true): false
        case (false, false): Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
        }
    }

    private static func isNumeric(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character == "-" || (character.isASCII && (character.isLetter || character.isNumber))
    }
}

/// Why a text is not a semver 2.0 version; the message quotes it and says why.
public typealias SemVerError = FormatError<SemVerErrorKind>

/// The kinds of `SemVerError`.
public enum SemVerErrorKind: Sendable, Equatable {
    case invalid
}
