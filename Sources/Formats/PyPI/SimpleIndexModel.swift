/// One distribution file as the simple repository API lists it.
public struct ProjectFile: Sendable, Equatable {
    public var filename: String
    /// Where the file is downloaded, relative to the project page (`../../files/…`) or absolute;
    /// NOT percent-encoded: the renderers encode each path segment.
    public var url: String
    /// Lower-case hex SHA-256 of the file.
    public var sha256: String
    /// nil for a file an external registry offers without its size (HTML pages) and not yet fetched.
    public var size: Int?
    /// Seconds since 1970 (UTC); nil when not known (a file of an external registry).
    public var uploadTime: Double?
    /// The `Requires-Python` specifier, e.g. `>=3.8`.
    public var requiresPython: String?
    /// SHA-256 of the core metadata file served at `{url}.metadata` (PEP 658); nil when there is none.
    public var coreMetadataSHA256: String?
    public var yanked: Bool
    public var yankedReason: String?

    public init(
        filename: String, url: String, sha256: String, size: Int?, uploadTime: Double?, requiresPython: String? = nil,
        coreMetadataSHA256: String? = nil, yanked: Bool = false, yankedReason: String? = nil
    ) {
        self.filename = filename
        self.url = url
        self.sha256 = sha256
        self.size = size
        self.uploadTime = uploadTime
        self.requiresPython = requiresPython
        self.coreMetadataSHA256 = coreMetadataSHA256
        self.yanked = yanked
        self.yankedReason = yankedReason
    }
}

/// A project's page: its display name, files (listed in the order given) and versions (listed
/// in PEP 440 order, PEP 700).
public struct ProjectPage: Sendable, Equatable {
    public var name: String
    public var files: [ProjectFile]
    public var versions: [String]

    public init(name: String, files: [ProjectFile], versions: [String]) {
        self.name = name
        self.files = files
        self.versions = versions
    }
}
