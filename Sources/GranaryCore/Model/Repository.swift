/// A repository of a domain, with its ordered upstreams and at most one external connection.
public struct Repository: Sendable, Equatable {
    public let id: Int64
    public let domainId: Int64
    public let domainName: String
    public let domainOwner: String
    public let name: String
    public let administratorAccount: String
    public let description: String?
    public let createdTime: Double
    public var upstreams: [String]
    public var externalConnections: [ExternalConnection]

    public init(
        id: Int64, domainId: Int64, domainName: String, domainOwner: String, name: String, administratorAccount: String,
        description: String?, createdTime: Double, upstreams: [String] = [], externalConnections: [ExternalConnection] = []
    ) {
        self.id = id
        self.domainId = domainId
        self.domainName = domainName
        self.domainOwner = domainOwner
        self.name = name
        self.administratorAccount = administratorAccount
        self.description = description
        self.createdTime = createdTime
        self.upstreams = upstreams
        self.externalConnections = externalConnections
    }

    public func arn(region: String) -> String {
        ARN.repository(region: region, owner: domainOwner, domain: domainName, repository: name)
    }
}

/// A repository's link to a public registry, by CodeArtifact's connection name.
public struct ExternalConnection: Sendable, Equatable {
    public let name: String
    public let packageFormat: PackageFormat

    public init(name: String, packageFormat: PackageFormat) {
        self.name = name
        self.packageFormat = packageFormat
    }

    /// CodeArtifact's connection names and the format each serves (`FormatRegistry`).
    public static var known: [String: PackageFormat] { FormatRegistry.publicConnections }
}

/// The package formats of CodeArtifact's model.
public enum PackageFormat: String, Sendable, CaseIterable, Codable {
    case npm, pypi, maven, nuget, generic, ruby, swift, cargo
}
