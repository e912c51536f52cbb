/// What package protocols change beyond files: npm's dist-tags and the format's own data of a
/// version (an npm deprecation), each authorized like the CodeArtifact action it amounts to.
extension PackageService {
    /// The package's dist-tags (ReadFromRepository).
    public func distTags(_ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate) throws -> [String: String] {
        let (_, package) = try locate(reference, repository: repository, coordinate, for: .readFromRepository)
        return try context.packages.distTags(packageId: package.id)
    }

    /// Points `tag` at an existing version (PublishPackageVersion on the package).
    public func setDistTag(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, tag: String, version: String
    ) throws {
        try context.transactions.atomically {
            let (_, package, found) = try self.version(reference, repository: repository, coordinate, version: version, for: .publishPackageVersion)
            guard found.status == .published || found.status == .unlisted else {
                throw ServiceError.validation("Version \(version) is \(found.status.rawValue) and cannot be tagged.")
            }
            try context.packages.setDistTag(packageId: package.id, tag: tag, version: version)
        }
    }

    /// False when the package had no such tag.
    public func removeDistTag(_ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, tag: String) throws -> Bool {
        try context.transactions.atomically {
            let (_, package) = try locate(reference, repository: repository, coordinate, for: .publishPackageVersion)
            return try context.packages.deleteDistTag(packageId: package.id, tag: tag)
        }
    }

    /// Replaces the format's data of a version (PublishPackageVersion): a new revision and an
    /// Updated event with metadataUpdated.
    public func updateFormatData(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, version: String, data: String
    ) throws {
        try context.transactions.atomically {
            let (repository, package, found) = try self.version(
                reference, repository: repository, coordinate, version: version, for: .publishPackageVersion)
            var updated = found
            updated.revision = Self.newRevision()
            try context.packages.setVersionFormatData(versionId: found.id, data)
            try context.packages.setStatus(versionId: found.id, found.status, revision: updated.revision)
            try context.outbox.append(PackageVersionEvent(
                region: context.region, repository: repository, coordinate: package.coordinate, version: version, state: updated.status,
                revision: updated.revision, operation: .updated, changes: .init(metadataUpdated: true)))
        }
    }

    /// The listing of a package (ReadFromRepository): every version with its assets.
    public func listing(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate
    ) throws -> (Package, [ListedVersion], distTags: [String: String]) {
        let (_, package) = try locate(reference, repository: repository, coordinate, for: .readFromRepository)
        return (package, try context.packages.listing(packageId: package.id), try context.packages.distTags(packageId: package.id))
    }
}
