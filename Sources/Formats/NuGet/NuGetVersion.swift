import FormatKit

/// A NuGet package version, as NuGet's own rules read and normalize it: one to four numbers
/// (`1`, `1.0`, `1.0.0`, `1.0.0.0`; missing ones are 0, leading zeros are dropped), an optional
/// pre-release label (`-beta`, SemVer 2's `-beta.1`) and build metadata (`+sha.5`, dropped).
///
/// `normalized` is the version Granary stores and lists (NuGet's `NormalizedVersion`:
/// `1.0` → `1.0.0`, `1.0.0.0` → `1.0.0`, `1.2.3.4` stays, `1.0.0+git` → `1.0.0`); the flat
/// container's paths use it lower-cased. Order and equality are NuGet's: numbers, then a release
/// after its pre-releases, labels compared case-insensitively (numeric ones as numbers).
public struct NuGetVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numbers: [UInt64]   // always four
    public let prerelease: [String]
    public let build: String?

    public static let maximumLength = 128

    public init(_ text: String) throws(NuGetError) {
        func invalid(_ why: String) -> NuGetError {
            NuGetError(.invalidVersion, "'\(text.prefix(Self.maximumLength))' is not a NuGet version (\(why)): use 1.2.3, 1.2.3-beta or 1.2.3-beta.1.")
        }
        guard !text.isEmpty else { throw invalid("empty") }
        guard text.utf8.count <= Self.maximumLength else { throw invalid("longer than \(Self.maximumLength) characters") }
        var body = Substring(text)
        var build: String?
        if let plus = body.firstIndex(of: "+") {
            let metadata = body[body.index(after: plus)...]
            guard Self.isLabel(metadata, dots: true) else { throw invalid("bad build metadata") }
            build = String(metadata)
            body = body[..<plus]
        }
        var prerelease: [String] = []
        if let dash = body.firstIndex(of: "-") {
            let label = body[body.index(after: dash)...]
            guard Self.isLabel(label, dots: true) else { throw invalid("bad pre-release label") }
            prerelease = label.split(separator: ".").map(String.init)
            body = body[..<dash]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { throw invalid("one to four numbers separated by dots") }
        var numbers: [UInt64] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.count <= 10, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = UInt64(part),
                n <= UInt64(Int32.max)
            else { throw invalid("version numbers are digits, at most \(Int32.max)") }
            numbers.append(n)
        }
        self.numbers = numbers + Array(repeating: 0, count: 4 - numbers.count)
        self.prerelease = prerelease
        self.build = build
    }

    /// nil instead of an error, for sorting stored versions.
    public static func parse(_ text: String) -> NuGetVersion? { try? NuGetVersion(text) }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// SemVer 2.0.0 only: a dotted pre-release label or build metadata (nuget.org hides such
    /// versions from clients that do not ask for `semVerLevel=2.0.0`).
    public var isSemVer2: Bool { prerelease.count > 1 || build != nil }

    public var normalized: String {
        var text = "\(numbers[0]).\(numbers[1]).\(numbers[2])"
        if numbers[3] != 0 { text += ".\(numbers[3])" }
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        return text
    }

    /// What Granary stores the version as: `normalized`, lower-cased (NuGet compares pre-release
    /// labels case-insensitively, so `1.0.0-Beta` and `1.0.0-beta` are one version; the flat
    /// container addresses it so). The pushed spelling is kept in the version's data.
    public var key: String { normalized.lowercased() }

    /// With the build metadata, as a SemVer 2 `version` field shows it.
    public var full: String { normalized + (build.map { "+" + $0 } ?? "") }

    public var description: String { normalized }

    public static func == (lhs: NuGetVersion, rhs: NuGetVersion) -> Bool {
        lhs.numbers == rhs.numbers && lhs.prerelease.map { $0.lowercased() } == rhs.prerelease.map { $0.lowercased() }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(numbers)
        hasher.combine(prerelease.map { $0.lowercased() })
    }

    public static func < (lhs: NuGetVersion, rhs: NuGetVersion) -> Bool {
        if lhs.numbers != rhs.numbers { return lhs.numbers.lexicographicallyPrecedes(rhs.numbers) }
        if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) {
            let (l, r) = (left.lowercased(), right.lowercased())
            guard l != r else { continue }
            switch (UInt64(l), UInt64(r)) {
            case let (a?, b?): return a < b
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return Array(l.utf8).lexicographicallyPrecedes(Array(r.utf8))
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// Letters, digits and hyphens, in dot-separated non-empty parts when `dots`.
    private static func isLabel(_ text: Substring, dots: Bool) -> Bool {
        guard !text.isEmpty else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
            }
        }
    }
}
