import GranaryCrypto

/// What authenticating a token and authorizing a package-protocol request read — the token's
/// user and revocation state, identity policies, domains, repositories, resource policies and
/// tags — kept per worker thread while the database's access counter stays the same. Every
/// change to those tables moves the counter in the changing transaction (sql/0006), so a request
/// that reads the counter first sees either all of a change or none of it.
///
/// Reads only: the stores below pass writes through and forget everything (writes do not
/// happen on the protocol paths that use them, but a cache must never outlive one).
public final class AccessCache {
    private var counter: Int64 = -1
    var domains: [String: Domain?] = [:]
    var repositoryIds: [String: Int64?] = [:]
    var repositorySummaries: [String: Repository?] = [:]
    var domainRepositories: [String: [Repository]] = [:]
    var packageGroups: [String: [PackageGroup]] = [:]
    var allowedLists: [String: Set<AllowedListEntry>] = [:]
    /// Authorization decisions that read no request context (see PolicyAuthorizer).
    private(set) var decisions: [String: PolicyDecision] = [:]
    var policies: [String: (document: String, revision: String)?] = [:]
    var tags: [String: [Tag]] = [:]
    var identityPolicies: [String: [(name: String, document: String)]] = [:]
    var tokens: [String: (principal: Principal, revoked: Bool, cutoffMs: Int64)?] = [:]
    var externalConnections: [String: StoredExternalConnection?] = [:]
    /// Access keys' principals and secrets (sql/0017 moves the counter when a key changes).
    var signingSecrets: [String: (Principal, [UInt8])?] = [:]
    /// Entries per map before it starts over (token ids are unbounded over time).
    static let capacity = 10_000
    /// Whether an authorization since `beginRequest()` depended on the request itself (its
    /// condition keys: time, source address, transport; or keys the caller passed). Such an
    /// answer is not remembered whole (`ListingMemo`).
    public private(set) var requestReadContext = false

    public init() {}

    /// Drops everything when the counter moved since the last request.
    public func validate(counter: Int64) {
        guard counter != self.counter else { return }
        clear()
        self.counter = counter
    }

    public func beginRequest() {
        requestReadContext = false
    }

    func noteContextRead() {
        requestReadContext = true
    }

    public func clear() {
        counter = -1
        domains.removeAll()
        repositoryIds.removeAll()
        repositorySummaries.removeAll()
        domainRepositories.removeAll()
        packageGroups.removeAll()
        allowedLists.removeAll()
        decisions.removeAll()
        policies.removeAll()
        tags.removeAll()
        identityPolicies.removeAll()
        tokens.removeAll()
        externalConnections.removeAll()
        signingSecrets.removeAll()
    }

    /// The principal and secret of an access key (nil: unknown or inactive), as `load` reads them,
    /// remembered while the counter stands.
    public func signingSecret(
        accessKeyId: String, _ load: () throws -> (Principal, [UInt8])?
    ) throws -> (Principal, [UInt8])? {
        try remembered(\.signingSecrets, accessKeyId, load)
    }

    func remember(_ decision: PolicyDecision, for key: String) {
        if decisions.count >= Self.capacity { decisions.removeAll(keepingCapacity: true) }
        decisions[key] = decision
    }

    func remembered<Value>(
        _ map: ReferenceWritableKeyPath<AccessCache, [String: Value]>, _ key: String, _ load: () throws -> Value
    ) rethrows -> Value {
        if let value = self[keyPath: map][key] { return value }
        let value = try load()
        if self[keyPath: map].count >= Self.capacity { self[keyPath: map].removeAll(keepingCapacity: true) }
        self[keyPath: map][key] = value
        return value
    }
}

/// Domains through the cache.
public struct CachedDomainStore: DomainStore {
    let store: DomainStore
    let cache: AccessCache

    public init(_ store: DomainStore, cache: AccessCache) {
        self.store = store
        self.cache = cache
    }

    public func domain(owner: String, name: String) throws -> Domain? {
        try cache.remembered(\.domains, owner + "/" + name) { try store.domain(owner: owner, name: name) }
    }

    public func insertDomain(owner: String, name: String, encryptionKey: String) throws -> Int64 {
        cache.clear()
        return try store.insertDomain(owner: owner, name: name, encryptionKey: encryptionKey)
    }

    public func describeDomain(owner: String, name: String) throws -> Domain? { try store.describeDomain(owner: owner, name: name) }

    public func domains(owner: String, after: String?, limit: Int) throws -> [Domain] {
        try store.domains(owner: owner, after: after, limit: limit)
    }

    public func deleteDomain(id: Int64) throws {
        cache.clear()
        try store.deleteDomain(id: id)
    }
}

/// Resource policies and tags through the cache.
public struct CachedPolicyAndTagStore: PolicyStore, TagStore {
    let policies: PolicyStore
    let tagStore: TagStore
    let cache: AccessCache

    public init(policies: PolicyStore, tags: TagStore, cache: AccessCache) {
        self.policies = policies
        self.tagStore = tags
        self.cache = cache
    }

    public func policy(kind: ResourceKind, id: Int64) throws -> (document: String, revision: String)? {
        try cache.remembered(\.policies, kind.rawValue + "/" + String(id)) { try policies.policy(kind: kind, id: id) }
    }

    public func putPolicy(kind: ResourceKind, id: Int64, document: String, revision: String) throws {
        cache.clear()
        try policies.putPolicy(kind: kind, id: id, document: document, revision: revision)
    }

    public func deletePolicy(kind: ResourceKind, id: Int64) throws {
        cache.clear()
        try policies.deletePolicy(kind: kind, id: id)
    }

    public func tags(kind: ResourceKind, id: Int64) throws -> [Tag] {
        try cache.remembered(\.tags, kind.rawValue + "/" + String(id)) { try tagStore.tags(kind: kind, id: id) }
    }

    public func putTags(kind: ResourceKind, id: Int64, _ tags: [Tag]) throws {
        cache.clear()
        try tagStore.putTags(kind: kind, id: id, tags)
    }

    public func removeTags(kind: ResourceKind, id: Int64, keys: [String]) throws {
        cache.clear()
        try tagStore.removeTags(kind: kind, id: id, keys: keys)
    }

    public func removeAllTags(kind: ResourceKind, id: Int64) throws {
        cache.clear()
        try tagStore.removeAllTags(kind: kind, id: id)
    }
}

/// Identity policies and token states through the cache.
public struct CachedPrincipalStore: IdentityPolicyStore, TokenStore {
    let identity: IdentityPolicyStore
    let tokens: TokenStore
    let cache: AccessCache

    public init(identity: IdentityPolicyStore, tokens: TokenStore, cache: AccessCache) {
        self.identity = identity
        self.tokens = tokens
        self.cache = cache
    }

    public func policies(userId: String) throws -> [(name: String, document: String)] {
        try cache.remembered(\.identityPolicies, userId) { try identity.policies(userId: userId) }
    }

    public func putPolicy(userId: String, name: String, document: String) throws {
        cache.clear()
        try identity.putPolicy(userId: userId, name: name, document: document)
    }

    public func deletePolicy(userId: String, name: String) throws -> Bool {
        cache.clear()
        return try identity.deletePolicy(userId: userId, name: name)
    }

    public func tokenStatus(userId: String, tokenId: [UInt8]) throws -> (principal: Principal, revoked: Bool, cutoffMs: Int64)? {
        try cache.remembered(\.tokens, userId + "/" + Hex.encode(tokenId)) { try tokens.tokenStatus(userId: userId, tokenId: tokenId) }
    }

    public func revoke(tokenId: [UInt8], userId: String, expiresMs: Int64) throws {
        cache.clear()
        try tokens.revoke(tokenId: tokenId, userId: userId, expiresMs: expiresMs)
    }

    public func revokeAll(userId: String, notBeforeMs: Int64) throws {
        cache.clear()
        try tokens.revokeAll(userId: userId, notBeforeMs: notBeforeMs)
    }
}
