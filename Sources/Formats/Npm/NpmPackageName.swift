import Foundation
import GranaryCore

/// An npm package name, `name` or `@scope/name`, as URL paths and publish bodies carry it. The
/// scope is kept without its `@`; `coordinate` maps it to the CodeArtifact model, where an npm
/// package's namespace is its scope.
public struct NpmPackageName: Sendable, Hashable, CustomStringConvertible {
    /// The scope without `@`, or nil for an unscoped package.
    public let scope: String?
    public let name: String

    /// npm's limit on the whole name, `@scope/name` included.
    public static let maximumLength = 214

    /// How strictly to check: `newPackage` is validate-npm-package-name's `validForNewPackages`
    /// (publish); `existing` also admits the legacy names the public registry still serves
    /// (upper case, `~'!()*`), for reads and upstream caching.
    public enum Validation: Sendable {
        case newPackage
        case existing
    }

    /// From a full name: `name` or `@scope/name`; `@scope%2fname` (any case of `%2f`) is accepted too.
    public init(_ fullName: String, validation: Validation = .newPackage) throws {
        let text = NpmPackageName.decodingSlash(fullName)
        if text.hasPrefix("@") {
            let parts = text.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw NpmError(.invalidName, "Invalid package name \"\(fullName)\": a scoped name must look like @scope/name.")
            }
            try self.init(scope: String(parts[0]), name: String(parts[1]), validation: validation)
        } else {
            try self.init(scope: nil, name: text, validation: validation)
        }
    }

    /// From the pieces of a URL path: `[name]`, `[@scope%2fname]` or `[@scope, name]`.
    public init(pathSegments segments: [String], validation: Validation = .newPackage) throws {
        switch segments.count {
        case 1:
            try self.init(segments[0], validation: validation)
        case 2 where segments[0].hasPrefix("@"):
            try self.init(scope: String(segments[0].dropFirst()), name: segments[1], validation: validation)
        default:
            throw NpmError(.invalidName, "Invalid package name \"\(segments.joined(separator: "/"))\".")
        }
    }

    /// From a scope (with or without `@`) and a name, validated.
    public init(scope: String?, name: String, validation: Validation = .newPackage) throws {
        var scope = scope
        if let given = scope, given.hasPrefix("@") { scope = String(given.dropFirst()) }
        let full = scope.map { "@\($0)/\(name)" } ?? name
        if let scope {
            try NpmPackageName.check(scope, part: "scope", full: full, validation: validation)
        }
        try NpmPackageName.check(name, part: "name", full: full, validation: validation)
        guard full.utf8.count <= NpmPackageName.maximumLength else {
            throw NpmError(.invalidName, "Invalid package name \"\(full)\": name can no longer contain more than 214 characters.")
        }
        self.scope = scope
        self.name = name
    }

    /// From a stored coordinate, trusted: no validation.
    public init(coordinate: PackageCoordinate) {
        scope = coordinate.namespace
        name = coordinate.name
    }

    /// `@scope/name` or `name`.
    public var fullName: String { scope.map { "@\($0)/\(name)" } ?? name }

    /// `@scope%2fname` or `name`: one URL path segment, as npm requests a scoped packument.
    public var escapedFullName: String { scope.map { "@\($0)%2f\(name)" } ?? name }

    public var description: String { fullName }

    /// The CodeArtifact coordinate: format npm, namespace = scope (no `@`), name.
    public var coordinate: PackageCoordinate { PackageCoordinate(format: .npm, namespace: scope, name: name) }

    private static func decodingSlash(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return text.replacingOccurrences(of: "%2f", with: "/").replacingOccurrences(of: "%2F", with: "/")
    }

    /// validate-npm-package-name, applied to the scope and the name separately.
    private static func check(_ part: String, part label: String, full: String, validation: Validation) throws {
        func invalid(_ why: String) -> NpmError { NpmError(.invalidName, "Invalid package name \"\(full)\": \(why).") }
        guard !part.isEmpty else { throw invalid("\(label) length must be greater than zero") }
        guard part.trimmingCharacters(in: .whitespaces) == part else {
            throw invalid("\(label) cannot contain leading or trailing spaces")
        }
        guard !part.hasPrefix(".") else { throw invalid("\(label) cannot start with a period") }
        guard !part.hasPrefix("_") else { throw invalid("\(label) cannot start with an underscore") }
        guard !["node_modules", "favicon.ico"].contains(part.lowercased()) else { throw invalid("\(part) is not a valid package name") }
        if validation == .newPackage {
            guard part.lowercased() == part else { throw invalid("name can no longer contain capital letters") }
            guard !part.contains(where: { "~'!()*".contains($0) }) else {
                throw invalid("name can no longer contain special characters (\"~'!()*\")")
            }
        }
        // encodeURIComponent leaves exactly these unchanged; anything else is not URL-safe.
        guard part.unicodeScalars.allSatisfy({ $0.isASCII && isURLSafe(UInt8($0.value)) }) else {
            throw invalid("name can only contain URL-friendly characters")
        }
    }

    private static func isURLSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-_.!~*'()".utf8.contains(byte)
        }
    }
}
