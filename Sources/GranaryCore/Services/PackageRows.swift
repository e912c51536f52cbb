/// The two row-level steps every way into a repository shares — publishing, copying,
/// retention from an upstream, ingestion from an external connection — each in the caller's
/// transaction.
extension PackageService {
    /// The package, created with the given origin controls when it does not exist yet (a lost
    /// race with another writer is harmless). CodeArtifact's defaults: a package whose first
    /// version is published gets publish ALLOW / upstream BLOCK; one whose first version comes
    /// from upstream, the reverse.
    func packageCreatingIfNeeded(
        _ repository: Repository, _ coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule
    ) throws -> Package {
        if let package = try context.packages.package(repositoryId: repository.id, coordinate) { return package }
        do {
            _ = try context.packages.insertPackage(repositoryId: repository.id, coordinate, publish: publish, upstream: upstream)
        } catch is DuplicateKey {}
        // A plain read would see this transaction's snapshot, taken before the other writer's commit.
        guard let package = try context.packages.lockedPackage(repositoryId: repository.id, coordinate) else {
            throw ServiceError(.internalServer, "package vanished")
        }
        return package
    }

    /// `original` (metadata, dependencies, assets, format data; its status and origin kept) as a
    /// new version of `package` in `repository`, with its Created event. Throws `DuplicateKey`
    /// when the package has that version already.
    func insertCopy(of original: PackageVersion, into package: Package, of repository: Repository) throws -> (id: Int64, revision: String) {
        var metadata = original.metadata
        metadata.dependencies = try context.packages.dependencies(versionId: original.id)
        let revision = Self.newRevision()
        let id = try context.packages.insertVersion(
            packageId: package.id,
            VersionDraft(
                version: original.version, status: original.status, revision: revision, originType: original.originType,
                originRepository: original.originRepository, originExternalConnection: original.originExternalConnection,
                metadata: metadata))
        let copied = try context.packages.copyContents(fromVersion: original.id, toVersion: id)
        try context.outbox.append(PackageVersionEvent(
            region: context.region, repository: repository, coordinate: package.coordinate, version: original.version,
            state: original.status, revision: revision, operation: .created,
            changes: .init(assetsAdded: copied, metadataUpdated: true, statusChanged: true)))
        return (id, revision)
    }
}
