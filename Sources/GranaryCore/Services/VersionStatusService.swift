/// Batch operations on versions: UpdatePackageVersionsStatus, DeletePackageVersions,
/// DisposePackageVersions and CopyPackageVersions, with CodeArtifact's per-version error codes.
public struct VersionStatusService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public enum ErrorCode: String, Sendable {
        case alreadyExists = "ALREADY_EXISTS"
        case mismatchedRevision = "MISMATCHED_REVISION"
        case mismatchedStatus = "MISMATCHED_STATUS"
        case notAllowed = "NOT_ALLOWED"
        case notFound = "NOT_FOUND"
        case skipped = "SKIPPED"
    }

    public struct Outcome: Sendable {
        public var successful: [String: (revision: String, status: PackageVersionStatus)] = [:]
        public var failed: [String: (code: ErrorCode, message: String)] = [:]
    }

    /// The versions a batch names: `versions`, with `revisions` (version → expected revision)
    /// checked where given; `requireOne` (CopyPackageVersions) demands exactly one of the two.
    public struct Selection: Sendable {
        public let versions: [String]
        public let revisions: [String: String]

        public init(versions: [String]?, revisions: [String: String]?, requireOne: Bool = true) throws {
            let listed = versions ?? []
            let revised = revisions ?? [:]
            if requireOne && listed.isEmpty == revised.isEmpty {
                throw ServiceError.validation("Specify either versions or versionRevisions, not both and not neither.")
            }
            guard !listed.isEmpty || !revised.isEmpty else { throw ServiceError.validation("versions is required.") }
            let all = listed.isEmpty ? revised.keys.sorted() : listed
            guard all.count <= 100 else { throw ServiceError.validation("At most 100 versions per request.") }
            self.versions = all
            self.revisions = revised
        }
    }

    /// All or nothing: when any version cannot change, none does, and the others are SKIPPED.
    public func updateStatus(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, selection: Selection,
        expectedStatus: PackageVersionStatus?, target: PackageVersionStatus
    ) throws -> Outcome {
        guard [.published, .unlisted, .archived].contains(target) else {
            throw ServiceError.validation(
                "targetStatus must be Published, Unlisted or Archived (dispose with DisposePackageVersions, delete with DeletePackageVersions).")
        }
        return try context.transactions.atomically {
            let (repository, package) = try PackageService(context).locate(reference, repository: name, coordinate, for: .updatePackageVersionsStatus)
            var outcome = Outcome()
            var changes: [PackageVersion] = []
            for version in selection.versions {
                guard let current = try context.packages.version(packageId: package.id, version) else {
                    outcome.failed[version] = (.notFound, "Version \(version) does not exist.")
                    continue
                }
                if let failure = check(current, selection: selection, expectedStatus: expectedStatus) {
                    outcome.failed[version] = failure
                } else if current.status == .disposed {
                    outcome.failed[version] = (.notAllowed, "A Disposed version has no assets and cannot become \(target.rawValue).")
                } else if current.status == target {
                    outcome.failed[version] = (.skipped, "Version \(version) already has status \(target.rawValue).")
                } else {
                    changes.append(current)
                }
            }
            if outcome.failed.values.contains(where: { $0.code != .skipped }) {
                for version in changes { outcome.failed[version.version] = (.skipped, "Not changed: another version of the request failed.") }
                return outcome
            }
            for var version in changes {
                version.status = target
                version.revision = PackageService.newRevision()
                try context.packages.setStatus(versionId: version.id, target, revision: version.revision)
                try event(repository, package, version, operation: .updated, changes: .init(statusChanged: true))
                outcome.successful[version.version] = (version.revision, target)
            }
            return outcome
        }
    }

    public func delete(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, versions: [String],
        expectedStatus: PackageVersionStatus?
    ) throws -> Outcome {
        let selection = try Selection(versions: versions, revisions: nil)
        return try eachVersion(reference, name, coordinate, selection, expectedStatus, action: .deletePackageVersions) { repository, package, current in
            let assets = try context.packages.assetCount(versionId: current.id)
            try context.packages.deleteVersion(id: current.id)
            var deleted = current
            deleted.status = .deleted
            try event(repository, package, deleted, operation: .deleted, changes: .init(assetsRemoved: assets, statusChanged: true))
            return (current.revision, .deleted)
        }
    }

    /// Removes the assets and keeps the version record, status Disposed.
    public func dispose(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, selection: Selection,
        expectedStatus: PackageVersionStatus?
    ) throws -> Outcome {
        try eachVersion(reference, name, coordinate, selection, expectedStatus, action: .disposePackageVersions) { repository, package, found in
            var current = found
            let assets = try context.packages.assetCount(versionId: current.id)
            try context.packages.deleteAssets(versionId: current.id)
            current.status = .disposed
            current.revision = PackageService.newRevision()
            try context.packages.setStatus(versionId: current.id, .disposed, revision: current.revision)
            try event(repository, package, current, operation: .updated, changes: .init(assetsRemoved: assets, statusChanged: true))
            return (current.revision, .disposed)
        }
    }

    /// In one transaction: for each selected version that exists and passes the revision and
    /// status checks, `change` it; the others are reported with their error codes.
    private func eachVersion(
        _ reference: DomainReference, _ name: String, _ coordinate: PackageCoordinate, _ selection: Selection,
        _ expectedStatus: PackageVersionStatus?, action: Action,
        change: (Repository, Package, PackageVersion) throws -> (revision: String, status: PackageVersionStatus)
    ) throws -> Outcome {
        try context.transactions.atomically {
            let (repository, package) = try PackageService(context).locate(reference, repository: name, coordinate, for: action)
            var outcome = Outcome()
            for version in selection.versions {
                guard let current = try context.packages.version(packageId: package.id, version) else {
                    outcome.failed[version] = (.notFound, "Version \(version) does not exist.")
                    continue
                }
                if let failure = check(current, selection: selection, expectedStatus: expectedStatus) {
                    outcome.failed[version] = failure
                    continue
                }
                outcome.successful[version] = try change(repository, package, current)
            }
            return outcome
        }
    }

    func check(_ version: PackageVersion, selection: Selection, expectedStatus: PackageVersionStatus?) -> (ErrorCode, String)? {
        if let expected = selection.revisions[version.version], expected != version.revision {
            return (.mismatchedRevision, "Version \(version.version) has revision \(version.revision), not \(expected).")
        }
        if let expectedStatus, expectedStatus != version.status {
            return (.mismatchedStatus, "Version \(version.version) has status \(version.status.rawValue), not \(expectedStatus.rawValue).")
        }
        return nil
    }

    func event(
        _ repository: Repository, _ package: Package, _ version: PackageVersion, operation: PackageVersionEvent.Operation,
        changes: PackageVersionEvent.Changes
    ) throws {
        try context.outbox.append(PackageVersionEvent(
            region: context.region, repository: repository, coordinate: package.coordinate, version: version.version,
            state: version.status, revision: version.revision, operation: operation, changes: changes))
    }
}
