/// What package protocols read and write beyond the CodeArtifact model: whole listings (a PyPI
/// project page, an npm packument) in one query, each format's own data beside versions and
/// assets, and npm's dist-tags. Implemented by GranaryStore on the thread's connection.
public protocol ListingStore {
    /// Every version of the package (any status) with its assets, in insertion order.
    func listing(packageId: Int64) throws -> [ListedVersion]
    func setVersionFormatData(versionId: Int64, _ data: String?) throws
    func assetFormatData(versionId: Int64, name: String) throws -> String?
    func setAssetFormatData(versionId: Int64, name: String, _ data: String?) throws

    /// The tags with when each last changed (epoch seconds; merging along upstream chains needs it).
    func datedDistTags(packageId: Int64) throws -> [String: (version: String, updated: Double)]
    func setDistTag(packageId: Int64, tag: String, version: String) throws
    /// False when the tag did not exist.
    func deleteDistTag(packageId: Int64, tag: String) throws -> Bool
    /// Drops the tags that point at `version` (when it is deleted).
    func deleteDistTags(packageId: Int64, version: String) throws
}

extension ListingStore {
    /// Tag → version.
    public func distTags(packageId: Int64) throws -> [String: String] {
        try datedDistTags(packageId: packageId).mapValues(\.version)
    }
}

/// One version of a listing, with what renderers need and nothing else (no readme, no dependencies).
public struct ListedVersion: Sendable, Equatable {
    public let id: Int64
    public let version: String
    public let status: PackageVersionStatus
    public let publishedTime: Double
    /// The format's own JSON for the version (npm: the published manifest).
    public let formatData: String?
    public var assets: [ListedAsset]

    public init(id: Int64, version: String, status: PackageVersionStatus, publishedTime: Double, formatData: String?, assets: [ListedAsset]) {
        self.id = id
        self.version = version
        self.status = status
        self.publishedTime = publishedTime
        self.formatData = formatData
        self.assets = assets
    }

    /// Listed by package protocols: Published always; Unlisted only where a format shows them
    /// marked (PyPI's yanked); Archived, Disposed and Unfinished never.
    public var isListed: Bool { status == .published }

    /// Served by exact name (a file, or a document about this one version such as Maven's
    /// SNAPSHOT-level maven-metadata.xml): Published and Unlisted.
    public var isServed: Bool { status == .published || status == .unlisted }
}

public struct ListedAsset: Sendable, Equatable {
    public let name: String
    public let blob: BlobRecord
    public let createdTime: Double
    /// The format's own JSON for the file (PyPI: Requires-Python and the core metadata digest).
    public let formatData: String?

    public init(name: String, blob: BlobRecord, createdTime: Double, formatData: String?) {
        self.name = name
        self.blob = blob
        self.createdTime = createdTime
        self.formatData = formatData
    }
}

/// Counters that grow with every committed change to a class of data (database triggers, in the
/// changing transaction), so a worker can keep what it read until the counter moves.
public protocol ChangeCounters {
    /// The access counter (every change to what authentication, authorization and upstream
    /// chains read) and the listings counter (every package change, every external document),
    /// in one read.
    func current() throws -> (access: Int64, listings: Int64)
}

/// Rendered listings, kept as files nginx serves (X-Accel-Redirect) once rendered. The key names
/// exactly what the page shows (package, its listing stamp, the form, the endpoint it links to),
/// so a page is never stale: a change makes a new key.
public protocol RenderedPages: Sendable {
    func page(key: String, render: () throws -> [UInt8]) throws -> RenderedPage
}

public struct RenderedPage: Sendable, Equatable {
    /// Path under nginx's internal page location.
    public let internalPath: String
    public let sha256: String
    public let size: Int
    /// The size of the gzip twin at `internalPath + ".gz"`, for clients that accept gzip (nil
    /// when compressing did not make the page smaller).
    public let gzipSize: Int?

    public init(internalPath: String, sha256: String, size: Int, gzipSize: Int? = nil) {
        self.internalPath = internalPath
        self.sha256 = sha256
        self.size = size
        self.gzipSize = gzipSize
    }
}
