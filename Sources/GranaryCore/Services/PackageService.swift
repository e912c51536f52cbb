import GranaryCrypto

/// Packages of a repository: finding, listing, describing and deleting them, their origin
/// controls, and reading their versions. Every format goes through here and `PackagePublisher`.
public struct PackageService {
    let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// A package reference checked against the model: format known, tokens well formed.
    public static func coordinate(format: String, namespace: String?, name: String) throws -> PackageCoordinate {
        guard let format = PackageFormat(rawValue: format) else {
            throw ServiceError.validation("format must be one of \(PackageFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let namespace, !namespace.isEmpty, !Names.isPackageToken(namespace) {
            throw ServiceError.validation("namespace must be 1-255 characters without '#', '/' or white space.")
        }
        guard Names.isPackageToken(name) else {
            throw ServiceError.validation("package must be 1-255 characters without '#', '/' or white space.")
        }
        return PackageCoordinate(format: format, namespace: namespace, name: name)
    }

    /// Authorizes `action` on the package, then finds repository and package (404s name what is missing).
    public func locate(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, for action: Action
    ) throws -> (Repository, Package) {
        let repository = try context.packageRepository(reference, name, coordinate, for: action)
        guard let package = try context.packages.package(repositoryId: repository.id, coordinate) else {
            throw notFound(coordinate, in: repository)
        }
        return (repository, package)
    }

    func notFound(_ coordinate: PackageCoordinate, in repository: Repository) -> ServiceError {
        let display = (coordinate.namespace.map { "\($0)/" } ?? "") + coordinate.name
        return ServiceError.notFound(
            "Package \(display) (\(coordinate.format.rawValue)) does not exist in repository \(repository.name).", id: coordinate.name,
            type: "package")
    }

    public func describe(_ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate) throws -> Package {
        try locate(reference, repository: repository, coordinate, for: .describePackage).1
    }

    /// `action` is ListPackages for the API, ReadFromRepository for package protocols' indexes.
    public func list(
        _ reference: DomainReference, repository name: String, filter: PackageFilter, after: String?, limit: Int,
        action: Action = .listPackages
    ) throws -> [Package] {
        let (_, repository) = try context.repository(reference, name, for: action)
        return try context.packages.packages(repositoryId: repository.id, filter: filter, after: after, limit: limit)
    }

    /// Deletes every version (one Deleted event each) and the package.
    public func delete(_ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate) throws -> Package {
        try context.transactions.atomically {
            let (repository, package) = try locate(reference, repository: repository, coordinate, for: .deletePackage)
            try remove(package, from: repository)
            return package
        }
    }

    /// Every package of the repository, with their versions and events (DeleteRepository).
    func removeAll(from repository: Repository) throws {
        while true {
            let packages = try context.packages.packages(repositoryId: repository.id, filter: PackageFilter(), after: nil, limit: 100)
            for package in packages { try remove(package, from: repository) }
            if packages.count < 100 { return }
        }
    }

    /// In the caller's transaction: the package's versions (a Deleted event each), then the package.
    func remove(_ package: Package, from repository: Repository) throws {
        while true {
            let versions = try context.packages.versions(packageId: package.id, filter: VersionFilter(), after: nil, limit: 500)
            for version in versions {
                let assets = try context.packages.assetCount(versionId: version.id)
                try context.packages.deleteVersion(id: version.id)
                try context.outbox.append(PackageVersionEvent(
                    region: context.region, repository: repository, coordinate: package.coordinate, version: version.version,
                    state: .deleted, revision: version.revision, operation: .deleted,
                    changes: .init(assetsRemoved: assets, statusChanged: true)))
            }
            if versions.count < 500 { break }
        }
        try context.packages.deletePackage(id: package.id)
    }

    /// Sets the package's origin controls, creating the package record when it does not exist yet.
    public func putOrigin(
        _ reference: DomainReference, repository name: String, _ coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule
    ) throws -> (OriginRule, OriginRule) {
        try context.transactions.atomically {
            let repository = try context.packageRepository(reference, name, coordinate, for: .putPackageOriginConfiguration)
            if let package = try context.packages.package(repositoryId: repository.id, coordinate) {
                try context.packages.setOrigin(packageId: package.id, publish: publish, upstream: upstream)
            } else {
                _ = try context.packages.insertPackage(repositoryId: repository.id, coordinate, publish: publish, upstream: upstream)
            }
            return (publish, upstream)
        }
    }

    // MARK: Versions

    public func versions(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, filter: VersionFilter, after: String?,
        limit: Int
    ) throws -> (Package, [PackageVersion], defaultVersion: String?) {
        let (_, package) = try locate(reference, repository: repository, coordinate, for: .listPackageVersions)
        let versions = try context.packages.versions(packageId: package.id, filter: filter, after: after, limit: limit)
        let latest = try context.packages.versions(
            packageId: package.id, filter: VersionFilter(status: .published, byPublishedTime: true), after: nil, limit: 1)
        return (package, versions, latest.first?.version)
    }

    /// The version, authorized for `action`; 404 when it does not exist.
    public func version(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, version: String, for action: Action
    ) throws -> (Repository, Package, PackageVersion) {
        guard Names.isPackageToken(version) else {
            throw ServiceError.validation("version must be 1-255 characters without '#', '/' or white space.")
        }
        let (repository, package) = try locate(reference, repository: repository, coordinate, for: action)
        guard let found = try context.packages.version(packageId: package.id, version) else {
            throw ServiceError.notFound(
                "Version \(version) of package \(coordinate.name) does not exist in repository \(repository.name).", id: version,
                type: "package-version")
        }
        return (repository, package, found)
    }

    public func assets(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, version: String, after: String?, limit: Int
    ) throws -> (PackageVersion, [Asset]) {
        let (_, _, found) = try self.version(reference, repository: repository, coordinate, version: version, for: .listPackageVersionAssets)
        return (found, try context.packages.assets(versionId: found.id, after: after, limit: limit))
    }

    /// One asset of a version, ready to be downloaded (by nginx) — with the version's revision.
    public func dependencies(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, version: String
    ) throws -> (PackageVersion, [Dependency]) {
        let (_, _, found) = try self.version(reference, repository: repository, coordinate, version: version, for: .listPackageVersionDependencies)
        return (found, try context.packages.dependencies(versionId: found.id))
    }

    /// `action` is GetPackageVersionAsset for the API, ReadFromRepository for package protocols.
    public func asset(
        _ reference: DomainReference, repository: String, _ coordinate: PackageCoordinate, version: String, asset name: String,
        revision: String?, action: Action = .getPackageVersionAsset
    ) throws -> (PackageVersion, Asset) {
        let (_, _, found) = try self.version(reference, repository: repository, coordinate, version: version, for: action)
        if let revision, revision != found.revision {
            throw ServiceError.notFound("Revision \(revision) of version \(version) does not exist.", id: revision, type: "package-version")
        }
        guard found.status != .disposed, let asset = try context.packages.asset(versionId: found.id, name: name) else {
            throw ServiceError.notFound("Asset \(name) does not exist in version \(version).", id: name, type: "asset")
        }
        return (found, asset)
    }

    static func newRevision() -> String { Hex.encode(SecureRandom.bytes(12)) }
}
