import GranaryCore

/// JSON shapes of botocore's CodeArtifact model for domains, repositories, policies and tags.
/// Timestamps are epoch seconds (rest-json's default); absent members are omitted.

/// DomainDescription, and DomainSummary when built with `detail: false` (no counts).
struct DomainWire: Encodable {
    let name: String
    let owner: String
    let arn: String
    let status: String
    let createdTime: Double
    let encryptionKey: String
    let repositoryCount: Int?
    let assetSizeBytes: Int64?

    init(_ domain: Domain, region: String, status: String = "Active", detail: Bool = true) {
        name = domain.name
        owner = domain.owner
        arn = domain.arn(region: region)
        self.status = status
        createdTime = domain.createdTime
        encryptionKey = domain.encryptionKey
        repositoryCount = detail ? domain.repositoryCount : nil
        assetSizeBytes = detail ? domain.assetSizeBytes : nil
    }
}

/// RepositoryDescription, and RepositorySummary when built with `detail: false` (no upstreams
/// and external connections).
struct RepositoryWire: Encodable {
    struct Upstream: Encodable { let repositoryName: String }
    struct Connection: Encodable {
        let externalConnectionName: String
        let packageFormat: String
        let status: String
    }

    let name: String
    let administratorAccount: String
    let domainName: String
    let domainOwner: String
    let arn: String
    let description: String?
    let upstreams: [Upstream]?
    let externalConnections: [Connection]?
    let createdTime: Double

    init(_ repository: Repository, region: String, detail: Bool = true) {
        name = repository.name
        administratorAccount = repository.administratorAccount
        domainName = repository.domainName
        domainOwner = repository.domainOwner
        arn = repository.arn(region: region)
        description = repository.description
        upstreams = detail ? repository.upstreams.map(Upstream.init) : nil
        externalConnections =
            detail
            ? repository.externalConnections.map {
                Connection(externalConnectionName: $0.name, packageFormat: $0.packageFormat.rawValue, status: "Available")
            } : nil
        createdTime = repository.createdTime
    }
}

struct ResourcePolicyWire: Encodable {
    let resourceArn: String
    let revision: String
    let document: String

    init(_ policy: ResourcePolicy) {
        resourceArn = policy.resourceArn
        revision = policy.revision
        document = policy.document
    }
}

struct TagWire: Codable {
    let key: String
    let value: String

    var tag: Tag { Tag(key: key, value: value) }
}
