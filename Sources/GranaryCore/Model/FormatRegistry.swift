/// What Granary knows of each package format, in one table: how names and namespaces are
/// normalized (the stored key, the ARN, package-group matching), whether packages have a
/// namespace, CodeArtifact's external connections for it, whether an account may define a
/// connection of it (Granary fetches from such registries), which version statuses a client may
/// download. (Which requests carry package bodies needs no entry: nginx sends every PUT and POST
/// under a repository endpoint to the upload pool.) Every place that used to switch on the format reads this; a new format is one entry here
/// (see docs/adding-a-format.md).
public struct FormatRules: Sendable {
    /// How a name (or a namespace) is normalized.
    public enum Normalization: Sendable {
        case exact
        case lowercase
        /// PEP 503: lower case, every run of `-`, `_` and `.` one `-`.
        case pep503

        public func apply(_ text: String) -> String {
            switch self {
            case .exact: text
            case .lowercase: text.lowercased()
            case .pep503: FormatRules.pep503(text)
            }
        }
    }

    /// Whether the format's packages have a namespace (npm's scope, Maven's groupId).
    public enum Namespaces: Sendable {
        case none
        case optional
        case required
    }

    public let format: PackageFormat
    public let names: Normalization
    public let namespaceCase: Normalization
    public let namespaces: Namespaces
    /// CodeArtifact's `public:` connection names of the format.
    public let publicConnections: [String]
    /// Whether Granary reads this format's registries (so an account may define connections of it).
    public let fetchesUpstream: Bool
    /// The statuses whose files a package client may download.
    public let downloadable: Set<PackageVersionStatus>

    static func pep503(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for char in name.lowercased() {
            if char == "-" || char == "_" || char == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(char)
                lastWasSeparator = false
            }
        }
        return out
    }
}

public enum FormatRegistry {
    /// Published and Unlisted versions are downloadable everywhere (Unlisted: by exact file, not
    /// listed); generic assets also while the version is Unfinished, as CodeArtifact's
    /// GetPackageVersionAsset serves them while assets are still being added.
    static let served: Set<PackageVersionStatus> = [.published, .unlisted]

    public static let all: [FormatRules] = [
        FormatRules(
            format: .generic, names: .exact, namespaceCase: .exact, namespaces: .required, publicConnections: [],
            fetchesUpstream: false, downloadable: served.union([.unfinished])),
        FormatRules(
            format: .pypi, names: .pep503, namespaceCase: .exact, namespaces: .none, publicConnections: ["public:pypi"],
            fetchesUpstream: true, downloadable: served),
        // npm names are case-sensitive (the registry holds both `JSONStream` and `jsonstream`),
        // as CodeArtifact keeps them.
        FormatRules(
            format: .npm, names: .exact, namespaceCase: .exact, namespaces: .optional, publicConnections: ["public:npmjs"],
            fetchesUpstream: true, downloadable: served),
        FormatRules(
            format: .maven, names: .exact, namespaceCase: .exact, namespaces: .required,
            publicConnections: [
                "public:maven-central", "public:maven-googleandroid", "public:maven-gradleplugins", "public:maven-commonsware",
                "public:maven-clojars",
            ], fetchesUpstream: true, downloadable: served),
        FormatRules(
            format: .nuget, names: .lowercase, namespaceCase: .exact, namespaces: .none, publicConnections: ["public:nuget-org"],
            fetchesUpstream: false, downloadable: served),
        FormatRules(
            format: .cargo, names: .exact, namespaceCase: .exact, namespaces: .none, publicConnections: ["public:crates-io"],
            fetchesUpstream: false, downloadable: served),
        FormatRules(
            format: .ruby, names: .exact, namespaceCase: .exact, namespaces: .none, publicConnections: ["public:ruby-gems-org"],
            fetchesUpstream: false, downloadable: served),
        FormatRules(
            format: .swift, names: .lowercase, namespaceCase: .lowercase, namespaces: .required, publicConnections: [],
            fetchesUpstream: false, downloadable: served),
    ]

    static let byFormat: [PackageFormat: FormatRules] = Dictionary(uniqueKeysWithValues: all.map { ($0.format, $0) })

    /// CodeArtifact's connection names and the format each serves.
    public static let publicConnections: [String: PackageFormat] = Dictionary(
        uniqueKeysWithValues: all.flatMap { rules in rules.publicConnections.map { ($0, rules.format) } })
}

extension PackageFormat {
    public var rules: FormatRules { FormatRegistry.byFormat[self]! }

    /// The `route` label of the format's requests in /metrics, and its route class in the route table.
    public var routeClass: String { rawValue }
}

extension PackageVersion {
    /// Throws NotFound unless a package client of `format` may download this version's files
    /// (`FormatRules.downloadable`); the one rule every download route applies.
    public func checkDownloadable(_ format: PackageFormat, package: String) throws {
        guard format.rules.downloadable.contains(status) else {
            throw ServiceError.notFound("Version \(version) of \(package) is \(status.rawValue).", id: version, type: "package-version")
        }
    }
}
