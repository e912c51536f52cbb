/// Repositories through the access cache: the lookups authorization and package protocols make
/// (id, summary); listings and everything with links go to the store.
public struct CachedRepositoryStore: RepositoryStore {
    let store: RepositoryStore
    let cache: AccessCache

    public init(_ store: RepositoryStore, cache: AccessCache) {
        self.store = store
        self.cache = cache
    }

    public func repositoryId(domainId: Int64, name: String) throws -> Int64? {
        try cache.remembered(\.repositoryIds, String(domainId) + "/" + name) { try store.repositoryId(domainId: domainId, name: name) }
    }

    public func repositorySummary(domainId: Int64, name: String) throws -> Repository? {
        try cache.remembered(\.repositorySummaries, String(domainId) + "/" + name) { try store.repositorySummary(domainId: domainId, name: name) }
    }

    public func repository(domainId: Int64, name: String) throws -> Repository? { try store.repository(domainId: domainId, name: name) }

    public func allRepositories(domainId: Int64) throws -> [Repository] {
        try cache.remembered(\.domainRepositories, String(domainId)) { try store.allRepositories(domainId: domainId) }
    }

    public func repositories(domainId: Int64, names: [String]) throws -> [Repository] {
        try store.repositories(domainId: domainId, names: names)
    }

    public func repositories(domainId: Int64, administrator: String?, prefix: String?, after: String?, limit: Int) throws -> [Repository] {
        try store.repositories(domainId: domainId, administrator: administrator, prefix: prefix, after: after, limit: limit)
    }

    public func repositories(administrator: String, prefix: String?, after: String?, limit: Int) throws -> [Repository] {
        try store.repositories(administrator: administrator, prefix: prefix, after: after, limit: limit)
    }

    public func upstreamGraph(domainId: Int64) throws -> [Int64: [Int64]] { try store.upstreamGraph(domainId: domainId) }

    public func downstreams(of repositoryId: Int64) throws -> [String] { try store.downstreams(of: repositoryId) }

    public func insertRepository(domainId: Int64, name: String, administrator: String, description: String?) throws -> Int64 {
        cache.clear()
        return try store.insertRepository(domainId: domainId, name: name, administrator: administrator, description: description)
    }

    public func updateDescription(repositoryId: Int64, description: String?) throws {
        cache.clear()
        try store.updateDescription(repositoryId: repositoryId, description: description)
    }

    public func setUpstreams(repositoryId: Int64, upstreamIds: [Int64]) throws {
        cache.clear()
        try store.setUpstreams(repositoryId: repositoryId, upstreamIds: upstreamIds)
    }

    public func setExternalConnection(repositoryId: Int64, _ connection: ExternalConnection?) throws {
        cache.clear()
        try store.setExternalConnection(repositoryId: repositoryId, connection)
    }

    public func deleteRepository(id: Int64) throws {
        cache.clear()
        try store.deleteRepository(id: id)
    }
}
