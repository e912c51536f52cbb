/// CopyPackageVersions: versions and their assets from one repository of a domain to another, as
/// reference copies (rows pointing at the same blobs, never a byte copied).
public struct VersionCopier {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func copy(
        _ reference: DomainReference, from sourceName: String, to destinationName: String, _ coordinate: PackageCoordinate,
        selection: VersionStatusService.Selection, allowOverwrite: Bool
    ) throws -> VersionStatusService.Outcome {
        guard sourceName != destinationName else {
            throw ServiceError.validation("The source and destination repositories must differ.")
        }
        return try context.transactions.atomically {
            let (_, source) = try context.repository(reference, sourceName, for: .readFromRepository)
            let destination = try context.packageRepository(reference, destinationName, coordinate, for: .copyPackageVersions)
            guard let sourcePackage = try context.packages.package(repositoryId: source.id, coordinate) else {
                throw PackageService(context).notFound(coordinate, in: source)
            }
            let service = PackageService(context)
            let target = try service.packageCreatingIfNeeded(destination, coordinate, publish: .allow, upstream: .block)
            let statuses = VersionStatusService(context)
            var outcome = VersionStatusService.Outcome()
            for version in selection.versions {
                guard let original = try context.packages.version(packageId: sourcePackage.id, version) else {
                    outcome.failed[version] = (.notFound, "Version \(version) does not exist in \(source.name).")
                    continue
                }
                if let failure = statuses.check(original, selection: selection, expectedStatus: nil) {
                    outcome.failed[version] = failure
                    continue
                }
                guard original.status != .disposed && original.status != .unfinished else {
                    outcome.failed[version] = (.notAllowed, "A \(original.status.rawValue) version cannot be copied.")
                    continue
                }
                if let existing = try context.packages.version(packageId: target.id, version) {
                    guard allowOverwrite else {
                        outcome.failed[version] = (.alreadyExists, "Version \(version) already exists in \(destination.name).")
                        continue
                    }
                    try context.packages.deleteVersion(id: existing.id)
                }
                let (_, revision) = try service.insertCopy(of: original, into: target, of: destination)
                outcome.successful[version] = (revision, original.status)
            }
            return outcome
        }
    }
}
