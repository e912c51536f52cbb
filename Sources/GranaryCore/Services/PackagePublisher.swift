/// Creates package versions and adds assets to them: PublishPackageVersion for generic packages
/// today, every format's publish later. Checks that can fail are made before the body is read;
/// the bytes are durable (and their digest checked) before one transaction writes the rows and
/// the event.
public struct PackagePublisher {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public struct Upload {
        public let assetName: String
        public let sha256: String
        public let read: (UnsafeMutableRawBufferPointer) throws -> Int

        public init(assetName: String, sha256: String, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
            self.assetName = assetName
            self.sha256 = sha256
            self.read = read
        }
    }

    public func publishGeneric(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, version: String, upload: Upload,
        unfinished: Bool
    ) throws -> (PackageVersion, Asset) {
        guard coordinate.format == .generic else {
            throw ServiceError.validation("Only generic packages can be published with PublishPackageVersion.")
        }
        guard Names.isPackageToken(version) else {
            throw ServiceError.validation("version must be 1-255 characters without '#', '/' or white space.")
        }
        guard Names.isPrintable(upload.assetName, length: 1...255), !upload.assetName.isEmpty else {
            throw ServiceError.validation("asset must be 1-255 printable characters.")
        }
        guard BlobRecord.isAddress(upload.sha256) else {
            throw ServiceError.validation("assetSHA256 (x-amz-content-sha256) must be 64 lower-case hex digits.")
        }
        let repository = try context.packageRepository(reference, name, coordinate, for: .publishPackageVersion)
        try preflight(repository, coordinate, version: version, assetName: upload.assetName, sha256: upload.sha256)
        let blob: BlobRecord
        do {
            blob = try context.blobs.store(limit: nil, expectedSHA256: upload.sha256, read: upload.read)
        } catch BlobStoreError.digestMismatch(let expected, let actual) {
            throw ServiceError.validation("The asset's SHA-256 is \(actual), not the assetSHA256 given (\(expected)).")
        }
        return try context.transactions.atomically {
            try context.blobCatalog.record(blob)
            return try addAsset(
                repository, coordinate, version: version, asset: Asset(name: upload.assetName, blob: blob),
                status: unfinished ? .unfinished : .published, metadata: VersionMetadata())
        }
    }

    /// Refuses what would fail anyway, before any byte of the body is read.
    private func preflight(_ repository: Repository, _ coordinate: PackageCoordinate, version: String, assetName: String, sha256: String) throws {
        try refuseBlockedByGroup(repository, coordinate)
        guard let package = try context.packages.package(repositoryId: repository.id, coordinate) else {
            return try refuseUpstreamVersion(repository, coordinate, version: version)
        }
        guard package.publish == .allow else {
            throw ServiceError(
                .accessDenied,
                "The origin configuration of package \(coordinate.name) in repository \(repository.name) blocks publishing (publish: BLOCK).")
        }
        guard let existing = try context.packages.version(packageId: package.id, version) else {
            return try refuseUpstreamVersion(repository, coordinate, version: version)
        }
        guard existing.status == .unfinished else {
            throw ServiceError.conflict(
                "Version \(version) of package \(coordinate.name) already exists in repository \(repository.name) with status \(existing.status.rawValue).",
                id: version, type: "package-version")
        }
        if let asset = try context.packages.asset(versionId: existing.id, name: assetName), asset.blob.sha256 != sha256 {
            throw ServiceError.conflict(
                "Asset \(assetName) of version \(version) already exists with different content.", id: assetName, type: "asset")
        }
    }

    /// The package group's PUBLISH restriction for this repository (403, like publish: BLOCK).
    func refuseBlockedByGroup(_ repository: Repository, _ coordinate: PackageCoordinate) throws {
        guard let domain = try context.domains.domain(owner: repository.domainOwner, name: repository.domainName) else { return }
        let decision = try PackageGroupService(context).originDecision(domain: domain, repository: repository, coordinate: coordinate, kind: .publish)
        guard decision.allowed else {
            throw ServiceError(
                .accessDenied, "Publishing \(coordinate.name) to repository \(repository.name) is blocked by \(decision.explanation).")
        }
    }

    /// A version that a repository of the upstream chain already holds cannot be published here
    /// (409, as in CodeArtifact): clients would see two different artifacts under one version.
    func refuseUpstreamVersion(_ repository: Repository, _ coordinate: PackageCoordinate, version: String) throws {
        let chain = UpstreamChain(from: repository, in: try context.repositories.allRepositories(domainId: repository.domainId))
        let byId = Dictionary(chain.upstreams.map { ($0.id, $0) }) { first, _ in first }
        for package in try context.packages.packages(repositoryIds: Array(byId.keys), coordinate) {
            guard try context.packages.version(packageId: package.id, version) != nil, let holder = byId[package.repositoryId] else { continue }
            throw ServiceError.conflict(
                "Version \(version) of package \(coordinate.name) already exists in upstream repository \(holder.name) of \(repository.name).",
                id: version, type: "package-version")
        }
    }

    /// In the caller's transaction: the package and version (created if new), the asset row, the
    /// status, and the event. The blob row must already exist.
    func addAsset(
        _ repository: Repository, _ coordinate: PackageCoordinate, version: String, asset: Asset, status: PackageVersionStatus,
        metadata: VersionMetadata, allowExisting: Bool = false
    ) throws -> (PackageVersion, Asset) {
        let package = try PackageService(context).packageCreatingIfNeeded(repository, coordinate, publish: .allow, upstream: .block)
        guard package.publish == .allow else {
            throw ServiceError(.accessDenied, "The origin configuration of package \(coordinate.name) blocks publishing (publish: BLOCK).")
        }
        var operation = PackageVersionEvent.Operation.updated
        var changes = PackageVersionEvent.Changes()
        var current: PackageVersion
        if let existing = try context.packages.version(packageId: package.id, version) {
            guard existing.status == .unfinished || (allowExisting && [.published, .unlisted].contains(existing.status)) else {
                throw ServiceError.conflict(
                    "Version \(version) of package \(coordinate.name) already exists with status \(existing.status.rawValue).", id: version,
                    type: "package-version")
            }
            current = existing
        } else {
            let draft = VersionDraft(
                version: version, status: status, revision: PackageService.newRevision(), originType: .internal,
                originRepository: repository.name, originExternalConnection: nil, metadata: metadata)
            let id = try context.packages.insertVersion(packageId: package.id, draft)
            guard let created = try context.packages.version(packageId: package.id, version), created.id == id else {
                throw ServiceError(.internalServer, "version vanished")
            }
            current = created
            operation = .created
            changes.metadataUpdated = true
            changes.statusChanged = true
        }
        if let existing = try context.packages.asset(versionId: current.id, name: asset.name) {
            guard existing.blob.sha256 == asset.blob.sha256 else {
                throw ServiceError.conflict("Asset \(asset.name) of version \(version) already exists with different content.", id: asset.name, type: "asset")
            }
        } else {
            try context.packages.insertAsset(versionId: current.id, name: asset.name, sha256: asset.blob.sha256, formatData: nil)
            changes.assetsAdded = 1
        }
        if operation == .updated {
            if status != current.status {
                current.status = status
                changes.statusChanged = true
            }
            if changes.assetsAdded > 0 || changes.statusChanged {
                current.revision = PackageService.newRevision()
                try context.packages.setStatus(versionId: current.id, current.status, revision: current.revision)
            }
        }
        if operation == .created || changes.assetsAdded > 0 || changes.statusChanged {
            try context.outbox.append(PackageVersionEvent(
                region: context.region, repository: repository, coordinate: package.coordinate, version: version, state: current.status,
                revision: current.revision, operation: operation, changes: changes))
        }
        return (current, asset)
    }
}
