/// Storage of packages, versions and assets (one instance per worker thread).
public protocol PackageStore: ListingStore {
    func package(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package?
    /// The latest committed row (not the transaction's snapshot), held exclusively to the end of
    /// the transaction: what a writer reads after losing the race to create the package.
    func lockedPackage(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package?
    /// The package in each of these repositories that has it (one query, for upstream chains).
    func packages(repositoryIds: [Int64], _ coordinate: PackageCoordinate) throws -> [Package]
    /// Throws `DuplicateKey` when another writer created it first.
    func insertPackage(repositoryId: Int64, _ coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule) throws -> Int64
    func setOrigin(packageId: Int64, publish: OriginRule, upstream: OriginRule) throws
    /// Ordered by format, namespace, name; `after` is the cursor of the last package seen.
    func packages(repositoryId: Int64, filter: PackageFilter, after: String?, limit: Int) throws -> [Package]
    func deletePackage(id: Int64) throws

    func version(packageId: Int64, _ version: String) throws -> PackageVersion?
    func versions(packageId: Int64, filter: VersionFilter, after: String?, limit: Int) throws -> [PackageVersion]
    /// Throws `DuplicateKey` when the version exists already.
    func insertVersion(packageId: Int64, _ draft: VersionDraft) throws -> Int64
    /// Loaded only on request: reading a version (downloads, listings) does not fetch them.
    func dependencies(versionId: Int64) throws -> [Dependency]
    func setStatus(versionId: Int64, _ status: PackageVersionStatus, revision: String) throws
    /// Replaces the version's metadata and dependencies (a Maven POM deployed after the jar).
    func setMetadata(versionId: Int64, _ metadata: VersionMetadata) throws
    /// Removes the version with its assets and dependencies.
    func deleteVersion(id: Int64) throws

    func assets(versionId: Int64, after: String?, limit: Int) throws -> [Asset]
    func asset(versionId: Int64, name: String) throws -> Asset?
    /// How many assets the version has (what its events report as added or removed).
    func assetCount(versionId: Int64) throws -> Int
    func insertAsset(versionId: Int64, name: String, sha256: String, formatData: String?) throws
    func deleteAssets(versionId: Int64) throws
    /// Removes one file of a version; false when the version has no file of that name.
    func deleteAsset(versionId: Int64, name: String) throws -> Bool
    /// Copies the assets (and the format's data of the version and its files) of one version to
    /// another; returns how many assets were copied.
    func copyContents(fromVersion source: Int64, toVersion target: Int64) throws -> Int
}

public struct PackageFilter: Sendable {
    public var format: PackageFormat?
    public var namespace: String?
    public var prefix: String?
    public var publish: OriginRule?
    public var upstream: OriginRule?

    public init(format: PackageFormat? = nil, namespace: String? = nil, prefix: String? = nil, publish: OriginRule? = nil, upstream: OriginRule? = nil) {
        self.format = format
        self.namespace = namespace
        self.prefix = prefix
        self.publish = publish
        self.upstream = upstream
    }
}

public struct VersionFilter: Sendable {
    public var status: PackageVersionStatus?
    public var originType: OriginType?
    /// Newest first by published time; otherwise in the order versions were added.
    public var byPublishedTime: Bool

    public init(status: PackageVersionStatus? = nil, originType: OriginType? = nil, byPublishedTime: Bool = false) {
        self.status = status
        self.originType = originType
        self.byPublishedTime = byPublishedTime
    }
}

/// A version about to be written.
public struct VersionDraft: Sendable {
    public let version: String
    public let status: PackageVersionStatus
    public let revision: String
    public let originType: OriginType
    public let originRepository: String?
    public let originExternalConnection: String?
    public let metadata: VersionMetadata

    public init(
        version: String, status: PackageVersionStatus, revision: String, originType: OriginType, originRepository: String?,
        originExternalConnection: String?, metadata: VersionMetadata
    ) {
        self.version = version
        self.status = status
        self.revision = revision
        self.originType = originType
        self.originRepository = originRepository
        self.originExternalConnection = originExternalConnection
        self.metadata = metadata
    }
}

/// Events written in the same transaction as the change they describe.
public protocol Outbox {
    func append(_ event: PackageVersionEvent) throws
}
