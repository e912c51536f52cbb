/// A domain: the top of the resource tree, owned by one account, holding repositories.
public struct Domain: Sendable, Equatable {
    public let id: Int64
    public let owner: String
    public let name: String
    public let encryptionKey: String
    public let createdTime: Double
    public let repositoryCount: Int
    public let assetSizeBytes: Int64

    public init(
        id: Int64, owner: String, name: String, encryptionKey: String, createdTime: Double, repositoryCount: Int,
        assetSizeBytes: Int64
    ) {
        self.id = id
        self.owner = owner
        self.name = name
        self.encryptionKey = encryptionKey
        self.createdTime = createdTime
        self.repositoryCount = repositoryCount
        self.assetSizeBytes = assetSizeBytes
    }

    public func arn(region: String) -> String { ARN.domain(region: region, owner: owner, name: name) }
}

/// How a request names a domain: its name and, optionally, its owner (default: the caller's account).
public struct DomainReference: Sendable, Equatable {
    public let name: String
    public let owner: String?

    public init(name: String, owner: String?) {
        self.name = name
        self.owner = owner
    }
}
