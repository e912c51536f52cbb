/// One request's view of the domain store: the plain domain lookup, which the Authorizer and the
/// service it guards both make, reaches the database once per request. Lives no longer than the
/// request, so it cannot go stale across requests; everything else passes through.
public final class RequestDomainLookups: DomainStore {
    private let store: DomainStore
    private var found: [String: Domain?] = [:]

    public init(_ store: DomainStore) {
        self.store = store
    }

    public func domain(owner: String, name: String) throws -> Domain? {
        let key = owner + "/" + name
        if let known = found[key] { return known }
        let domain = try store.domain(owner: owner, name: name)
        found[key] = domain
        return domain
    }

    public func insertDomain(owner: String, name: String, encryptionKey: String) throws -> Int64 {
        found[owner + "/" + name] = nil
        return try store.insertDomain(owner: owner, name: name, encryptionKey: encryptionKey)
    }

    public func describeDomain(owner: String, name: String) throws -> Domain? {
        try store.describeDomain(owner: owner, name: name)
    }

    public func domains(owner: String, after: String?, limit: Int) throws -> [Domain] {
        try store.domains(owner: owner, after: after, limit: limit)
    }

    public func deleteDomain(id: Int64) throws {
        found = found.filter { $0.value?.id != id }
        try store.deleteDomain(id: id)
    }
}
