/// What an npm registry URL asks for, from the decoded path segments after the repository
/// endpoint. Package names arrive as `name`, `@scope%2fname` (one segment once decoded) or
/// `@scope/name` (two segments); tarballs sit under `{package}/-/`, revisions under `-rev/`.
enum NpmPath: Equatable {
    case ping
    case whoami
    case distTags(package: [String])
    case distTag(package: [String], tag: String)
    /// The packument; `revision` when the URL ends in `/-rev/{rev}` (npm's writes).
    case package([String], revision: String?)
    case tarball(package: [String], file: String, revision: String?)

    init?(_ segments: [String]) {
        var rest = segments[...]
        if rest.first == "-" {
            rest = rest.dropFirst()
            switch rest.first {
            case "ping" where rest.count == 1: self = .ping
            case "whoami" where rest.count == 1: self = .whoami
            case "package":
                // -/package/{package}/dist-tags[/{tag}]
                guard let marker = rest.lastIndex(of: "dist-tags"), marker > rest.startIndex + 1 else { return nil }
                let package = Array(rest[(rest.startIndex + 1)..<marker])
                let after = rest[(marker + 1)...]
                guard Self.isPackage(package) else { return nil }
                switch after.count {
                case 0: self = .distTags(package: package)
                case 1: self = .distTag(package: package, tag: after.first!)
                default: return nil
                }
            default: return nil
            }
            return
        }
        var revision: String?
        if rest.count >= 3, rest[rest.endIndex - 2] == "-rev" {
            revision = rest.last
            rest = rest.dropLast(2)
        }
        if let dash = rest.firstIndex(of: "-") {
            let package = Array(rest[..<dash])
            guard Self.isPackage(package), rest.count == package.count + 2 else { return nil }
            self = .tarball(package: package, file: rest.last!, revision: revision)
        } else {
            let package = Array(rest)
            guard Self.isPackage(package) else { return nil }
            self = .package(package, revision: revision)
        }
    }

    /// `[name]`, `[@scope/name]` or `[@scope, name]`.
    static func isPackage(_ segments: [String]) -> Bool {
        segments.count == 1 || (segments.count == 2 && segments[0].hasPrefix("@"))
    }
}
