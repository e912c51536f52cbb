/// Storage of the CodeArtifact resource tree. GranaryStore implements these on one connection per
/// worker thread. Lists are keyset-paginated: `after` is the sort key of the last item seen.

/// Thrown by a store when a unique key already holds the value (a lost race with another writer).
public struct DuplicateKey: Error, Sendable {
    public init() {}
}

public protocol DomainStore {
    /// Throws `DuplicateKey` when the owner already has a domain of that name.
    func insertDomain(owner: String, name: String, encryptionKey: String) throws -> Int64
    /// Without counts (repositoryCount and assetSizeBytes are 0): what lookups and authorization need.
    func domain(owner: String, name: String) throws -> Domain?
    /// With the repository count and the size of the domain's assets.
    func describeDomain(owner: String, name: String) throws -> Domain?
    /// Domains of `owner` ordered by name, after the name `after`.
    func domains(owner: String, after: String?, limit: Int) throws -> [Domain]
    func deleteDomain(id: Int64) throws
}

public protocol RepositoryStore {
    /// Throws `DuplicateKey` when the domain already has a repository of that name.
    func insertRepository(domainId: Int64, name: String, administrator: String, description: String?) throws -> Int64
    func repository(domainId: Int64, name: String) throws -> Repository?
    /// Without upstreams and external connections (left empty): one query instead of three.
    func repositorySummary(domainId: Int64, name: String) throws -> Repository?
    /// Just the id (authorization needs no more): one indexed lookup.
    func repositoryId(domainId: Int64, name: String) throws -> Int64?
    func repositories(domainId: Int64, names: [String]) throws -> [Repository]
    /// Every repository of the domain with its upstreams and external connection (upstream
    /// chains are walked over this).
    func allRepositories(domainId: Int64) throws -> [Repository]
    /// In a domain (optionally by administrator), ordered by name.
    func repositories(domainId: Int64, administrator: String?, prefix: String?, after: String?, limit: Int) throws -> [Repository]
    /// Every repository `administrator` administers, ordered by name then id; `after` is "name/id".
    func repositories(administrator: String, prefix: String?, after: String?, limit: Int) throws -> [Repository]
    func updateDescription(repositoryId: Int64, description: String?) throws
    func setUpstreams(repositoryId: Int64, upstreamIds: [Int64]) throws
    /// repository id → its upstream ids in order, for every repository of the domain.
    func upstreamGraph(domainId: Int64) throws -> [Int64: [Int64]]
    /// Names of the repositories that list this one as an upstream.
    func downstreams(of repositoryId: Int64) throws -> [String]
    func setExternalConnection(repositoryId: Int64, _ connection: ExternalConnection?) throws
    func deleteRepository(id: Int64) throws
}

public protocol PolicyStore {
    func policy(kind: ResourceKind, id: Int64) throws -> (document: String, revision: String)?
    func putPolicy(kind: ResourceKind, id: Int64, document: String, revision: String) throws
    func deletePolicy(kind: ResourceKind, id: Int64) throws
}

public protocol TagStore {
    func tags(kind: ResourceKind, id: Int64) throws -> [Tag]
    /// Adds or overwrites these keys.
    func putTags(kind: ResourceKind, id: Int64, _ tags: [Tag]) throws
    func removeTags(kind: ResourceKind, id: Int64, keys: [String]) throws
    func removeAllTags(kind: ResourceKind, id: Int64) throws
}

/// Runs a body in one database transaction.
public protocol TransactionRunner {
    func atomically<T>(_ body: () throws -> T) throws -> T
}
