/// A version as PEP 440 defines it, parsed leniently the way `packaging` does (`1.0RC1`,
/// `v2.0-post1`, `1.0-1`) and printed in normalized form. Ordering follows PEP 440: epoch,
/// release (trailing zeros ignored), then dev < pre < final < post, with local labels last.
///
/// Versions outside PEP 440 still have to be listed somewhere; `SortKey` places them before
/// every valid version, ordered by their text, so that listings are stable.
public struct PEP440Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum PreReleaseKind: String, Sendable, Comparable {
        case alpha = "a", beta = "b", releaseCandidate = "rc"

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int { self == .alpha ? 0 : self == .beta ? 1 : 2 }
    }

    /// A local version label segment: numbers sort after letters, and numerically.
    public enum LocalSegment: Sendable, Hashable, Comparable, CustomStringConvertible {
        case string(String)
        case number(Int)

        public static func < (lhs: Self, rhs: Self) -> Bool {
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): a < b
            case (.string(let a), .string(let b)): a < b
            case (.string, .number): true
            case (.number, .string): false
            }
        }

        public var description: String {
            switch self {
            case .string(let text): text
            case .number(let number): String(number)
            }
        }
    }

    public let epoch: Int
    public let release: [Int]
    public let pre: (kind: PreReleaseKind, number: Int)?
    public let post: Int?
    public let dev: Int?
    public let local: [LocalSegment]

    /// Nil when `text` is not a PEP 440 version.
    public init?(_ text: String) {
        var parser = PEP440Parser(text)
        guard let parsed = parser.parse() else { return nil }
        self = parsed
    }

    init(epoch: Int, release: [Int], pre: (kind: PreReleaseKind, number: Int)?, post: Int?, dev: Int?, local: [LocalSegment]) {
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// The normalized form, e.g. `1!2.0rc1.post2.dev3+ubuntu.1`.
    public var description: String {
        var out = epoch == 0 ? "" : "\(epoch)!"
        out += release.map(String.init).joined(separator: ".")
        if let pre { out += "\(pre.kind.rawValue)\(pre.number)" }
        if let post { out += ".post\(post)" }
        if let dev { out += ".dev\(dev)" }
        if !local.isEmpty { out += "+" + local.map(\.description).joined(separator: ".") }
        return out
    }

    public var isPreRelease: Bool { pre != nil || dev != nil }

    // MARK: - Equality and order (on the normalized value, as `packaging` compares)

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) {
        let key = key
        hasher.combine(key.epoch)
        hasher.combine(key.release)
        hasher.combine(pre?.kind)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.key < rhs.key }

    private var key: Key {
        var trimmed = release
        while trimmed.count > 1, trimmed.last == 0 { trimmed.removeLast() }
        // A dev release of a final version sorts before its pre-releases: 1.0.dev1 < 1.0a1.
        let preRank: Bound<PreReleaseKind>
        if let pre { preRank = .value(pre.kind, pre.number) }
        else if post == nil && dev != nil { preRank = .lowest }
        else { preRank = .highest }
        return Key(
            epoch: epoch, release: trimmed, pre: preRank,
            post: post.map { .value(0, $0) } ?? .lowest, dev: dev.map { .value(0, $0) } ?? .highest,
            local: local
        )
    }

    /// Sentinels around a value, as `packaging` uses Infinity and -Infinity.
    private enum Bound<Tag: Comparable & Sendable>: Comparable, Sendable {
        case lowest
        case value(Tag, Int)
        case highest
    }

    private struct Key: Comparable {
        let epoch: Int
        let release: [Int]
        let pre: Bound<PreReleaseKind>
        let post: Bound<Int>
        let dev: Bound<Int>
        let local: [LocalSegment]

        static func < (a: Key, b: Key) -> Bool {
            if a.epoch != b.epoch { return a.epoch < b.epoch }
            if a.release != b.release { return a.release.lexicographicallyPrecedes(b.release) }
            if a.pre != b.pre { return a.pre < b.pre }
            if a.post != b.post { return a.post < b.post }
            if a.dev != b.dev { return a.dev < b.dev }
            // No local label sorts before any local label.
            return a.local.lexicographicallyPrecedes(b.local)
        }
    }

    // MARK: - Ordering any version string

    /// Orders any version text: invalid versions first (by text), then valid ones by PEP 440,
    /// equal PEP 440 versions (`1.0` and `1.0.0`) by text so the order is total.
    public enum SortKey: Comparable, Sendable {
        case invalid(String)
        case valid(PEP440Version, String)

        public init(_ text: String) {
            if let version = PEP440Version(text) { self = .valid(version, text) } else { self = .invalid(text) }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            switch (lhs, rhs) {
            case (.invalid(let a), .invalid(let b)): a < b
            case (.invalid, .valid): true
            case (.valid, .invalid): false
            case (.valid(let a, let textA), .valid(let b, let textB)): a < b || (a == b && textA < textB)
            }
        }
    }

    /// `versions` in ascending PEP 440 order (see `SortKey`).
    public static func sorted(_ versions: some Sequence<String>) -> [String] {
        versions.map { (SortKey($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
