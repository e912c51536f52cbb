import GranaryCore

/// JSON shapes of botocore's CodeArtifact model for packages, versions and assets.

struct OriginConfigurationWire: Codable {
    struct Restrictions: Codable {
        let publish: String
        let upstream: String
    }

    let restrictions: Restrictions

    init(publish: OriginRule, upstream: OriginRule) {
        restrictions = Restrictions(publish: publish.rawValue, upstream: upstream.rawValue)
    }
}

struct PackageSummaryWire: Encodable {
    let format: String
    let namespace: String?
    let package: String
    let originConfiguration: OriginConfigurationWire

    init(_ package: Package) {
        format = package.coordinate.format.rawValue
        namespace = package.coordinate.namespace
        self.package = package.coordinate.name
        originConfiguration = OriginConfigurationWire(publish: package.publish, upstream: package.upstream)
    }
}

struct PackageDescriptionWire: Encodable {
    let format: String
    let namespace: String?
    let name: String
    let originConfiguration: OriginConfigurationWire

    init(_ package: Package) {
        format = package.coordinate.format.rawValue
        namespace = package.coordinate.namespace
        name = package.coordinate.name
        originConfiguration = OriginConfigurationWire(publish: package.publish, upstream: package.upstream)
    }
}

struct VersionOriginWire: Encodable {
    struct EntryPoint: Encodable {
        let repositoryName: String?
        let externalConnectionName: String?
    }

    let domainEntryPoint: EntryPoint
    let originType: String

    init(_ version: PackageVersion) {
        // One or the other: the external connection a version came in by, else the repository it
        // was published to (the repository holding the connection is kept in the row, not shown).
        domainEntryPoint = EntryPoint(
            repositoryName: version.originExternalConnection == nil ? version.originRepository : nil,
            externalConnectionName: version.originExternalConnection)
        originType = version.originType.rawValue
    }
}

struct PackageVersionDescriptionWire: Encodable {
    let format: String
    let namespace: String?
    let packageName: String
    let displayName: String
    let version: String
    let summary: String?
    let homePage: String?
    let sourceCodeRepository: String?
    let publishedTime: Double
    let licenses: [License]
    let revision: String
    let status: String
    let origin: VersionOriginWire

    init(_ package: Package, _ version: PackageVersion) {
        format = package.coordinate.format.rawValue
        namespace = package.coordinate.namespace
        packageName = package.coordinate.name
        displayName = version.metadata.displayName ?? package.coordinate.name
        self.version = version.version
        summary = version.metadata.summary
        homePage = version.metadata.homePage
        sourceCodeRepository = version.metadata.sourceCodeRepository
        publishedTime = version.publishedTime
        licenses = version.metadata.licenses
        revision = version.revision
        status = version.status.rawValue
        origin = VersionOriginWire(version)
    }
}

struct PackageVersionSummaryWire: Encodable {
    let version: String
    let revision: String
    let status: String
    let origin: VersionOriginWire

    init(_ version: PackageVersion) {
        self.version = version.version
        revision = version.revision
        status = version.status.rawValue
        origin = VersionOriginWire(version)
    }
}

struct AssetSummaryWire: Encodable {
    let name: String
    let size: Int
    let hashes: [String: String]

    init(_ asset: Asset) {
        name = asset.name
        size = asset.blob.size
        hashes = ["MD5": asset.blob.md5, "SHA-1": asset.blob.sha1, "SHA-256": asset.blob.sha256, "SHA-512": asset.blob.sha512]
    }
}

struct DependencyWire: Encodable {
    let namespace: String?
    let package: String
    let dependencyType: String?
    let versionRequirement: String?

    init(_ dependency: Dependency) {
        namespace = dependency.namespace
        package = dependency.package
        dependencyType = dependency.dependencyType
        versionRequirement = dependency.versionRequirement
    }
}

/// `successfulVersions` / `failedVersions` of the batch operations.
struct BatchResultWire: Encodable {
    struct Success: Encodable {
        let revision: String
        let status: String
    }

    struct Failure: Encodable {
        let errorCode: String
        let errorMessage: String
    }

    let successfulVersions: [String: Success]
    let failedVersions: [String: Failure]

    init(_ outcome: VersionStatusService.Outcome) {
        successfulVersions = outcome.successful.mapValues { Success(revision: $0.revision, status: $0.status.rawValue) }
        failedVersions = outcome.failed.mapValues { Failure(errorCode: $0.code.rawValue, errorMessage: $0.message) }
    }
}
