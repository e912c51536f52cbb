/// A package as a request names it: format, optional namespace, name. `key` is the normalized
/// form stored as the unique key (ARCHITECTURE rule 7); the display form is kept beside it.
public struct PackageCoordinate: Sendable, Equatable, Hashable {
    public let format: PackageFormat
    public let namespace: String?
    public let name: String

    public init(format: PackageFormat, namespace: String?, name: String) {
        self.format = format
        self.namespace = namespace?.isEmpty == true ? nil : namespace
        self.name = name
    }

    /// Normalized namespace and name, by the format's rules (`FormatRules`: PEP 503 for PyPI,
    /// lower case for npm and NuGet names, …): the stored key, and what ARNs carry.
    public var key: (namespace: String, name: String) {
        let rules = format.rules
        return (rules.namespaces == .none ? "" : rules.namespaceCase.apply(namespace ?? ""), rules.names.apply(name))
    }

    /// `arn:aws:codeartifact:REGION:OWNER:package/DOMAIN/REPOSITORY/FORMAT/NAMESPACE/NAME` with the
    /// normalized namespace and name (`key`), as CodeArtifact's ARNs and policies use them: the
    /// key is what the package is stored and found under, so every spelling that reaches the
    /// package (`Re_Quests`, `re.quests`) is authorized as the one ARN a policy names.
    public func arn(region: String, owner: String, domain: String, repository: String) -> String {
        let (namespace, name) = key
        return "arn:\(ARN.partition):codeartifact:\(region):\(owner):package/\(domain)/\(repository)/"
            + "\(format.rawValue)/\(namespace)/\(name)"
    }

    public func arn(region: String, repository: Repository) -> String {
        arn(region: region, owner: repository.domainOwner, domain: repository.domainName, repository: repository.name)
    }
}

public enum OriginRule: String, Sendable, Codable {
    case allow = "ALLOW"
    case block = "BLOCK"
}

/// A package in one repository, with its origin controls.
public struct Package: Sendable, Equatable {
    public let id: Int64
    public let repositoryId: Int64
    public let coordinate: PackageCoordinate
    public let publish: OriginRule
    public let upstream: OriginRule
    /// Grows with every change to the package's versions, assets and dist-tags: a listing
    /// rendered at one stamp is exact until it moves.
    public let listingStamp: Int64

    public init(
        id: Int64, repositoryId: Int64, coordinate: PackageCoordinate, publish: OriginRule, upstream: OriginRule, listingStamp: Int64 = 0
    ) {
        self.id = id
        self.repositoryId = repositoryId
        self.coordinate = coordinate
        self.publish = publish
        self.upstream = upstream
        self.listingStamp = listingStamp
    }
}

public enum PackageVersionStatus: String, Sendable, Codable, CaseIterable {
    case published = "Published"
    case unfinished = "Unfinished"
    case unlisted = "Unlisted"
    case archived = "Archived"
    case disposed = "Disposed"
    case deleted = "Deleted"
}

public enum OriginType: String, Sendable, Codable {
    case `internal` = "INTERNAL"
    case external = "EXTERNAL"
    case unknown = "UNKNOWN"
}

public struct License: Sendable, Equatable, Codable {
    public let name: String?
    public let url: String?

    public init(name: String?, url: String?) {
        self.name = name
        self.url = url
    }
}

/// One version of a package in one repository.
public struct PackageVersion: Sendable, Equatable {
    public let id: Int64
    public let packageId: Int64
    public let version: String
    public var status: PackageVersionStatus
    public var revision: String
    public let originType: OriginType
    /// Where it entered the domain: the repository published to, or the one holding the connection.
    public let originRepository: String?
    public let originExternalConnection: String?
    public let publishedTime: Double
    public var metadata: VersionMetadata

    public init(
        id: Int64, packageId: Int64, version: String, status: PackageVersionStatus, revision: String, originType: OriginType,
        originRepository: String?, originExternalConnection: String?, publishedTime: Double, metadata: VersionMetadata
    ) {
        self.id = id
        self.packageId = packageId
        self.version = version
        self.status = status
        self.revision = revision
        self.originType = originType
        self.originRepository = originRepository
        self.originExternalConnection = originExternalConnection
        self.publishedTime = publishedTime
        self.metadata = metadata
    }
}

/// What a format's parser learns from a package's manifest.
public struct VersionMetadata: Sendable, Equatable {
    public var displayName: String?
    public var summary: String?
    public var homePage: String?
    public var sourceCodeRepository: String?
    public var licenses: [License]
    public var readme: String?
    /// Written with a new version; a version read back carries none (see PackageStore.dependencies).
    public var dependencies: [Dependency]

    public init(
        displayName: String? = nil, summary: String? = nil, homePage: String? = nil, sourceCodeRepository: String? = nil,
        licenses: [License] = [], readme: String? = nil, dependencies: [Dependency] = []
    ) {
        self.displayName = displayName
        self.summary = summary
        self.homePage = homePage
        self.sourceCodeRepository = sourceCodeRepository
        self.licenses = licenses
        self.readme = readme
        self.dependencies = dependencies
    }
}

public struct Dependency: Sendable, Equatable {
    public let namespace: String?
    public let package: String
    public let dependencyType: String?
    public let versionRequirement: String?

    public init(namespace: String?, package: String, dependencyType: String?, versionRequirement: String?) {
        self.namespace = namespace
        self.package = package
        self.dependencyType = dependencyType
        self.versionRequirement = versionRequirement
    }
}

/// A file of a version, pointing at a shared blob.
public struct Asset: Sendable, Equatable {
    public let name: String
    public let blob: BlobRecord

    public init(name: String, blob: BlobRecord) {
        self.name = name
        self.blob = blob
    }
}
