/// Publishing through a package protocol (twine, npm publish): one file per request, checked and
/// stored the same way for every format. The format reads its manifest from the staged file (or
/// from the request), so a file that fails its format's checks is never stored.
public struct FileUpload {
    public let coordinate: PackageCoordinate
    public let version: String
    public let assetName: String
    /// The digest the client declared; the bytes must match it.
    public let expectedSHA256: String?
    /// Whether (and while when) more files join a version that exists already.
    public let joins: VersionJoining
    /// True: the version is Published by this file (created so, or completed if it was
    /// Unfinished). False: a version the file creates is Unfinished until the format completes
    /// it (Maven: when maven-metadata.xml lists it, `PackagePublisher.complete`), and an existing
    /// version keeps its status.
    public let publishesVersion: Bool
    /// Called on the complete, durable, not yet visible file: throws to refuse it (a
    /// `ServiceError` the format renders), else returns what the version records.
    public let inspect: (StagedBlob) throws -> FileFacts
    public let read: (UnsafeMutableRawBufferPointer) throws -> Int

    public init(
        coordinate: PackageCoordinate, version: String, assetName: String, expectedSHA256: String?, joins: VersionJoining,
        publishesVersion: Bool = true, inspect: @escaping (StagedBlob) throws -> FileFacts,
        read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) {
        self.coordinate = coordinate
        self.version = version
        self.assetName = assetName
        self.expectedSHA256 = expectedSHA256
        self.joins = joins
        self.publishesVersion = publishesVersion
        self.inspect = inspect
        self.read = read
    }
}

/// When a file may join a version that exists already.
public enum VersionJoining: Sendable {
    /// npm: a version is published once, with its one file.
    case never
    /// PyPI: more files (a wheel, then the sdist) join a version, published or not.
    case always
    /// Maven releases: files join a version while it is Unfinished; once it is Published, only a
    /// file it holds already, with the same bytes (a re-deploy), is accepted (409 otherwise).
    case whileUnfinished
}

/// What a format learned from a file: the version's metadata (used when the file creates the
/// version) and the format's own data for the version and the file.
public struct FileFacts {
    public var metadata: VersionMetadata
    public var versionFormatData: String?
    public var assetFormatData: String?
    /// The file describes its version (Maven's POM): its metadata and version data replace the
    /// version's when the version exists already (the jar may have come first). Otherwise they
    /// are used only when the file creates the version.
    public var describesVersion: Bool

    public init(
        metadata: VersionMetadata = VersionMetadata(), versionFormatData: String? = nil, assetFormatData: String? = nil,
        describesVersion: Bool = false
    ) {
        self.metadata = metadata
        self.versionFormatData = versionFormatData
        self.assetFormatData = assetFormatData
        self.describesVersion = describesVersion
    }
}

public struct PublishedFile {
    public let repository: Repository
    public let package: Package
    public let version: PackageVersion
    public let asset: Asset
    /// False when the identical file was there already (a re-upload: nothing changed).
    public let changed: Bool
}

extension PackagePublisher {
    /// Authorizes PublishPackageVersion on the package (before any byte of the file is read),
    /// refuses what would fail anyway, stores the bytes, then writes version, asset, format data
    /// and event in one transaction; `inTransaction` adds the format's own rows (npm dist-tags).
    public func publishFile(
        _ reference: DomainReference, repository name: String, _ upload: FileUpload, limit: Int? = nil,
        inTransaction: (PublishedFile) throws -> Void = { _ in }
    ) throws -> PublishedFile {
        guard Names.isPackageToken(upload.version) else {
            throw ServiceError.validation("version must be 1-255 characters without '#', '/' or white space.")
        }
        let repository = try context.packageRepository(reference, name, upload.coordinate, for: .publishPackageVersion)
        try preflightFile(repository, upload)
        var facts = FileFacts()
        let blob: BlobRecord
        do {
            blob = try context.blobs.store(
                limit: limit, expectedSHA256: upload.expectedSHA256, inspect: { facts = try upload.inspect($0) }, read: upload.read)
        } catch BlobStoreError.digestMismatch(let expected, let actual) {
            throw ServiceError.validation("The file's SHA-256 is \(actual), not the digest sent with it (\(expected)).")
        } catch BlobStoreError.tooLarge(let limit) {
            throw ServiceError.validation("The file is larger than \(limit) bytes.")
        }
        return try record(blob, repository, upload, facts, inTransaction: inTransaction)
    }

    /// The stored file's rows, in one transaction: the blob, version and asset (a new version, or
    /// the file joining one as `upload.joins` allows), the format's data, the event.
    func record(
        _ blob: BlobRecord, _ repository: Repository, _ upload: FileUpload, _ facts: FileFacts, inTransaction: (PublishedFile) throws -> Void
    ) throws -> PublishedFile {
        try context.transactions.atomically {
            try context.blobCatalog.record(blob)
            let before = try context.packages.package(repositoryId: repository.id, upload.coordinate)
                .flatMap { try context.packages.version(packageId: $0.id, upload.version) }
            if let before { try refuseJoining(before, repository, upload, sha256: blob.sha256) }
            let status: PackageVersionStatus
            if upload.publishesVersion {
                status = before.map { $0.status == .unfinished ? .published : $0.status } ?? .published
            } else {
                status = before?.status ?? .unfinished
            }
            let (version, asset) = try addAsset(
                repository, upload.coordinate, version: upload.version, asset: Asset(name: upload.assetName, blob: blob), status: status,
                metadata: facts.metadata, allowExisting: true)
            let package = try context.packages.package(repositoryId: repository.id, upload.coordinate)!
            let isNewVersion = before == nil
            let hadAsset = try before.map { try context.packages.assetFormatData(versionId: $0.id, name: upload.assetName) != nil } ?? false
            if !isNewVersion, facts.describesVersion { try context.packages.setMetadata(versionId: version.id, facts.metadata) }
            if isNewVersion || facts.describesVersion, let data = facts.versionFormatData {
                try context.packages.setVersionFormatData(versionId: version.id, data)
            }
            if !hadAsset, let data = facts.assetFormatData {
                try context.packages.setAssetFormatData(versionId: version.id, name: upload.assetName, data)
            }
            let published = PublishedFile(
                repository: repository, package: package, version: version, asset: asset, changed: isNewVersion || version.revision != before?.revision)
            try inTransaction(published)
            return published
        }
    }

    /// The checks that need no bytes: origin controls, and a version that cannot take this file.
    func preflightFile(_ repository: Repository, _ upload: FileUpload) throws {
        try refuseBlockedByGroup(repository, upload.coordinate)
        guard let package = try context.packages.package(repositoryId: repository.id, upload.coordinate) else {
            return try refuseUpstreamVersion(repository, upload.coordinate, version: upload.version)
        }
        guard package.publish == .allow else {
            throw ServiceError(
                .accessDenied,
                "The origin configuration of package \(upload.coordinate.name) in repository \(repository.name) blocks publishing (publish: BLOCK).")
        }
        guard let existing = try context.packages.version(packageId: package.id, upload.version) else {
            return try refuseUpstreamVersion(repository, upload.coordinate, version: upload.version)
        }
        try refuseJoining(existing, repository, upload, sha256: nil)
    }

    /// Whether `upload` may join `existing` (`FileUpload.joins`); with the stored file's digest
    /// once it is known (a Published Maven release takes only a file it has, byte for byte).
    private func refuseJoining(_ existing: PackageVersion, _ repository: Repository, _ upload: FileUpload, sha256: String?) throws {
        let named = "Version \(upload.version) of package \(upload.coordinate.name)"
        switch upload.joins {
        case .never:
            throw ServiceError.conflict(
                "\(named) already exists in repository \(repository.name) with status \(existing.status.rawValue).", id: upload.version,
                type: "package-version")
        case .always, .whileUnfinished:
            guard [.published, .unlisted, .unfinished].contains(existing.status) else {
                throw ServiceError.conflict(
                    "\(named) is \(existing.status.rawValue): it takes no more files.", id: upload.version, type: "package-version")
            }
        }
        guard upload.joins == .whileUnfinished, existing.status != .unfinished else { return }
        let held = try context.packages.asset(versionId: existing.id, name: upload.assetName)
        guard let held else {
            throw ServiceError.conflict(
                "\(named) is \(existing.status.rawValue) in repository \(repository.name): it takes no new files (\(upload.assetName)).",
                id: upload.version, type: "package-version")
        }
        if let sha256, held.blob.sha256 != sha256 {
            throw ServiceError.conflict(
                "\(upload.assetName) of \(named) is \(existing.status.rawValue) with different content: a release is never overwritten.",
                id: upload.assetName, type: "asset")
        }
    }
}
