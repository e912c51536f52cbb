/// What a format decides about a version beyond its files: when it is complete, and which of
/// its files it keeps.
extension PackagePublisher {
    /// Publishes the Unfinished versions a client declares complete (Maven: the versions a
    /// deployed maven-metadata.xml lists, CodeArtifact's rule), each with a new revision and an
    /// Updated event, in one transaction. Versions in any other status, and versions the
    /// repository does not hold, are left as they are. Returns the versions it published.
    public func complete(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, versions: [String]
    ) throws -> [String] {
        let listed = Set(versions)
        return try context.transactions.atomically {
            let (repository, package) = try PackageService(context).locate(reference, repository: name, coordinate, for: .publishPackageVersion)
            var completed: [String] = []
            var after: String?
            repeat {
                let page = try context.packages.versions(
                    packageId: package.id, filter: VersionFilter(status: .unfinished), after: after, limit: Self.completionPage)
                for var version in page where listed.contains(version.version) {
                    version.status = .published
                    version.revision = PackageService.newRevision()
                    try context.packages.setStatus(versionId: version.id, .published, revision: version.revision)
                    try context.outbox.append(PackageVersionEvent(
                        region: context.region, repository: repository, coordinate: package.coordinate, version: version.version,
                        state: .published, revision: version.revision, operation: .updated, changes: .init(statusChanged: true)))
                    completed.append(version.version)
                }
                after = page.count == Self.completionPage ? page.last.map { String($0.id) } : nil
            } while after != nil
            return completed
        }
    }

    static let completionPage = 500
}

extension PackagePublisher {
    /// Removes files of a version for a format's retention rule (Maven: SNAPSHOT builds beyond
    /// the newest ones kept), with a new revision and an Updated event counting them, in one
    /// transaction. Names the version does not hold are passed over. Returns how many went.
    public func removeFiles(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, version: String, names: [String]
    ) throws -> Int {
        guard !names.isEmpty else { return 0 }
        return try context.transactions.atomically {
            let (repository, package) = try PackageService(context).locate(reference, repository: name, coordinate, for: .publishPackageVersion)
            guard var found = try context.packages.version(packageId: package.id, version) else { return 0 }
            var removed = 0
            for file in names where try context.packages.deleteAsset(versionId: found.id, name: file) { removed += 1 }
            guard removed > 0 else { return 0 }
            found.revision = PackageService.newRevision()
            try context.packages.setStatus(versionId: found.id, found.status, revision: found.revision)
            try context.outbox.append(PackageVersionEvent(
                region: context.region, repository: repository, coordinate: package.coordinate, version: version, state: found.status,
                revision: found.revision, operation: .updated, changes: .init(assetsRemoved: removed)))
            return removed
        }
    }
}
