extension PackagePublisher {
    /// Maven's rule (CodeArtifact's): the files of a new version leave it Unfinished until the
    /// client's maven-metadata.xml lists it; then each listed Unfinished version of this
    /// repository's package becomes Published, with its event, in one transaction. Versions the
    /// repository does not hold, or that are not Unfinished, are left as they are. Returns the
    /// versions completed.
    public func complete(_ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, versions: [String]) throws
        -> [String]
    {
        let repository = try context.packageRepository(reference, name, coordinate, for: .publishPackageVersion)
        return try context.transactions.atomically {
            guard let package = try context.packages.package(repositoryId: repository.id, coordinate) else { return [] }
            var completed: [String] = []
            for version in Set(versions).sorted() where Names.isPackageToken(version) {
                guard var current = try context.packages.version(packageId: package.id, version), current.status == .unfinished else { continue }
                current.status = .published
                current.revision = PackageService.newRevision()
                try context.packages.setStatus(versionId: current.id, .published, revision: current.revision)
                try context.outbox.append(PackageVersionEvent(
                    region: context.region, repository: repository, coordinate: package.coordinate, version: version, state: .published,
                    revision: current.revision, operation: .updated, changes: .init(statusChanged: true)))
                completed.append(version)
            }
            return completed
        }
    }
}
