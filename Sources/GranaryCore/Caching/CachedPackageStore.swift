/// Packages through the thread's `PackageReadCache`: the point reads a download makes (package,
/// the package along an upstream chain, version, asset, the asset's format data) come from memory
/// while the change counters stand; listings, pages of versions and assets, and every write go to
/// the store, and a write suspends the cache for the rest of the request.
public struct CachedPackageStore: PackageStore {
    let store: PackageStore
    let cache: PackageReadCache

    public init(_ store: PackageStore, cache: PackageReadCache) {
        self.store = store
        self.cache = cache
    }

    static func key(_ coordinate: PackageCoordinate) -> String {
        let (namespace, name) = coordinate.key
        return coordinate.format.rawValue + "\u{1}" + namespace + "\u{1}" + name
    }

    // MARK: reads kept in memory

    public func lockedPackage(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package? {
        try store.lockedPackage(repositoryId: repositoryId, coordinate)
    }

    public func package(repositoryId: Int64, _ coordinate: PackageCoordinate) throws -> Package? {
        try cache.remembered(\.packages, String(repositoryId) + "\u{1}" + Self.key(coordinate)) {
            try store.package(repositoryId: repositoryId, coordinate)
        }
    }

    public func packages(repositoryIds: [Int64], _ coordinate: PackageCoordinate) throws -> [Package] {
        let ids = repositoryIds.map(String.init).joined(separator: ",")
        return try cache.remembered(\.chainPackages, ids + "\u{1}" + Self.key(coordinate)) {
            try store.packages(repositoryIds: repositoryIds, coordinate)
        }
    }

    public func version(packageId: Int64, _ version: String) throws -> PackageVersion? {
        try cache.remembered(
            \.versions, String(packageId) + "\u{1}" + version,
            keep: { ($0?.metadata.readme?.utf8.count ?? 0) <= PackageReadCache.largestRememberedReadme }
        ) { try store.version(packageId: packageId, version) }
    }

    public func asset(versionId: Int64, name: String) throws -> Asset? {
        try cache.remembered(\.assets, String(versionId) + "\u{1}" + name) { try store.asset(versionId: versionId, name: name) }
    }

    public func assetFormatData(versionId: Int64, name: String) throws -> String? {
        try cache.remembered(\.assetFormatData, String(versionId) + "\u{1}" + name) {
            try store.assetFormatData(versionId: versionId, name: name)
        }
    }

    // MARK: reads from the store

    public func packages(repositoryId: Int64, filter: PackageFilter, after: String?, limit: Int) throws -> [Package] {
        try store.packages(repositoryId: repositoryId, filter: filter, after: after, limit: limit)
    }

    public func versions(packageId: Int64, filter: VersionFilter, after: String?, limit: Int) throws -> [PackageVersion] {
        try store.versions(packageId: packageId, filter: filter, after: after, limit: limit)
    }

    public func dependencies(versionId: Int64) throws -> [Dependency] { try store.dependencies(versionId: versionId) }

    public func assets(versionId: Int64, after: String?, limit: Int) throws -> [Asset] {
        try store.assets(versionId: versionId, after: after, limit: limit)
    }

    public func assetCount(versionId: Int64) throws -> Int { try store.assetCount(versionId: versionId) }

    public func listing(packageId: Int64) throws -> [ListedVersion] { try store.listing(packageId: packageId) }

    public func datedDistTags(packageId: Int64) throws -> [String: (version: String, updated: Double)] {
        try store.datedDistTags(packageId: packageId)
    }

    // MARK: writes (the cache is suspended first)

    public func insertPackage(repositoryId: Int64, _ coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule) throws -> Int64 {
        cache.suspend()
        return try store.insertPackage(repositoryId: repositoryId, coordinate, publish: publish, upstream: upstream)
    }

    public func setOrigin(packageId: Int64, publish: OriginRule, upstream: OriginRule) throws {
        cache.suspend()
        try store.setOrigin(packageId: packageId, publish: publish, upstream: upstream)
    }

    public func deletePackage(id: Int64) throws {
        cache.suspend()
        try store.deletePackage(id: id)
    }

    public func insertVersion(packageId: Int64, _ draft: VersionDraft) throws -> Int64 {
        cache.suspend()
        return try store.insertVersion(packageId: packageId, draft)
    }

    public func setStatus(versionId: Int64, _ status: PackageVersionStatus, revision: String) throws {
        cache.suspend()
        try store.setStatus(versionId: versionId, status, revision: revision)
    }

    public func setMetadata(versionId: Int64, _ metadata: VersionMetadata) throws {
        cache.suspend()
        try store.setMetadata(versionId: versionId, metadata)
    }

    public func deleteVersion(id: Int64) throws {
        cache.suspend()
        try store.deleteVersion(id: id)
    }

    public func insertAsset(versionId: Int64, name: String, sha256: String, formatData: String?) throws {
        cache.suspend()
        try store.insertAsset(versionId: versionId, name: name, sha256: sha256, formatData: formatData)
    }

    public func deleteAsset(versionId: Int64, name: String) throws -> Bool {
        cache.suspend()
        return try store.deleteAsset(versionId: versionId, name: name)
    }

    public func deleteAssets(versionId: Int64) throws {
        cache.suspend()
        try store.deleteAssets(versionId: versionId)
    }

    public func copyContents(fromVersion source: Int64, toVersion target: Int64) throws -> Int {
        cache.suspend()
        return try store.copyContents(fromVersion: source, toVersion: target)
    }

    public func setVersionFormatData(versionId: Int64, _ data: String?) throws {
        cache.suspend()
        try store.setVersionFormatData(versionId: versionId, data)
    }

    public func setAssetFormatData(versionId: Int64, name: String, _ data: String?) throws {
        cache.suspend()
        try store.setAssetFormatData(versionId: versionId, name: name, data)
    }

    public func setDistTag(packageId: Int64, tag: String, version: String) throws {
        cache.suspend()
        try store.setDistTag(packageId: packageId, tag: tag, version: version)
    }

    public func deleteDistTag(packageId: Int64, tag: String) throws -> Bool {
        cache.suspend()
        return try store.deleteDistTag(packageId: packageId, tag: tag)
    }

    public func deleteDistTags(packageId: Int64, version: String) throws {
        cache.suspend()
        try store.deleteDistTags(packageId: packageId, version: version)
    }
}
